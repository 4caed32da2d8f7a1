/**
 * The names the job's Powertools instances publish under. The stack imports them too (function
 * environment, alarms), so a renamed service or namespace cannot leave an alarm watching nothing.
 * No Powertools import here: the stack loads this file at synth.
 */

/** Powertools `service`: the `service` key of each log line and the metrics' `service` dimension. */
export const SERVICE_NAME = 'descope-audit-reporter';

/**
 * Dimension naming the project (`REPORT_PROJECT_NAME`) in a deployment of several projects, so each
 * project's metrics (and its "no report this week" alarm) stand apart. Absent with a single project:
 * its metrics keep the `service` dimension alone.
 */
export const PROJECT_DIMENSION = 'project';

/** CloudWatch namespace of the job's metrics. */
export const METRICS_NAMESPACE = 'DescopeAuditReporter';

/** The job's metrics (count units), published once per invocation. */
export const JOB_METRICS = {
  /** 1 when a run stored its report; the "no report this week" alarm watches it. */
  reportPublished: 'ReportPublished',
  /** Queries of a finished run that are incomplete (gaps). */
  incompleteQueries: 'IncompleteQueries',
  /**
   * Emails of a run whose delivery is unknown: SES did not answer, or an earlier run died while
   * sending. They are not sent again without `--resend`; the "unconfirmed email" alarm watches it.
   */
  unconfirmedEmails: 'UnconfirmedEmails',
  /** Stored inputs (earlier weeks' manifests, summaries, snapshots) that failed verification and were not used. */
  unverifiedInputs: 'UnverifiedInputs',
  /** Routing channels that failed after their retries (the report stands; the alarm watches it). */
  channelDeliveryFailed: 'ChannelDeliveryFailed',
} as const;

/** The deployed function's log level. */
export const LOG_LEVEL = 'INFO';
