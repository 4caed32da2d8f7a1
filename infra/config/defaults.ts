/**
 * Defaults of the settings the deploy configuration and the constructs' optional props share,
 * written once. (The construct props document them with `@default`.)
 */

/** Every Monday at 06:00 (in the schedule's time zone), EventBridge Scheduler cron syntax. */
export const DEFAULT_SCHEDULE_CRON = '0 6 ? * MON *';
/** The monthly rollup: the 2nd of each month at 08:00, after the week holding the 1st was reported. */
export const DEFAULT_MONTHLY_CRON = '0 8 2 * ? *';
/** The quarterly rollup: the 2nd of January, April, July and October at 08:00. */
export const DEFAULT_QUARTERLY_CRON = '0 8 2 1,4,7,10 ? *';
/** IANA time zone the schedule is read in. */
export const DEFAULT_SCHEDULE_TIMEZONE = 'UTC';
/** Object Lock mode of the evidence. */
export const DEFAULT_RETENTION_MODE = 'GOVERNANCE';
/** Days each report version stays locked: a year of audits plus a margin. */
export const DEFAULT_RETENTION_DAYS = 400;
/** Days before reports move to S3 Glacier Instant Retrieval. */
export const DEFAULT_ARCHIVE_AFTER_DAYS = 90;
/** Days the function logs and the bucket's access logs are kept (a CloudWatch Logs value). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
/**
 * Function /tmp in MB: a collection's evidence is staged there (gzipped), loaded into DuckDB's
 * database file and spilled to when a query outgrows DuckDB's memory limit, and the tables' CSV
 * files wait there for upload. A measured 3M-event credential-stuffing week peaked at 1.15 GB
 * (BENCHMARKS.md); 4 GB covers about 10M such events and costs cents a year.
 */
export const DEFAULT_EPHEMERAL_STORAGE_MB = 4096;
/**
 * Function memory in MB. The same 3M-event week peaked at 559 MB RSS (DuckDB's 256 MB limit plus
 * about 270 MB of process, a 57 MB JS heap), flat beyond 1M distinct values.
 */
export const DEFAULT_FUNCTION_MEMORY_MB = 1024;
/** Function timeout in minutes (Lambda's maximum). */
export const DEFAULT_FUNCTION_TIMEOUT_MINUTES = 15;
