import { z } from 'zod';
import { emailAddress, flag, list, text, wholeNumber } from './context-values.js';
import {
  DEFAULT_ARCHIVE_AFTER_DAYS,
  DEFAULT_EPHEMERAL_STORAGE_MB,
  DEFAULT_FUNCTION_MEMORY_MB,
  DEFAULT_FUNCTION_TIMEOUT_MINUTES,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_MONTHLY_CRON,
  DEFAULT_QUARTERLY_CRON,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_MODE,
  DEFAULT_SCHEDULE_CRON,
  DEFAULT_SCHEDULE_TIMEZONE,
} from './defaults.js';
import { domainName, logRetentionDays, principalArn, schedulerCron, timeZone } from './setting-types.js';

export { DEFAULT_SCHEDULE_CRON } from './defaults.js';

/**
 * Deploy-time settings of the stack. Read from CDK context (cdk.json, `-c key=value`) and the
 * optional JSON file named by context `configFile`; see `loadDeployConfig`.
 */
export const deployConfigSchema = z
  .object({
    /**
     * CloudFormation stack name; also prefixes the function, secret and alarm names, so two
     * copies (e.g. staging and production) can live in one account.
     * @default 'DescopeAuditReport'
     */
    stackName: text('must be a stack name')
      .pipe(
        z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,47}$/, {
          error: 'must be letters, digits and hyphens (at most 48)',
        }),
      )
      .default('DescopeAuditReport'),
    /** Descope project ID (Project settings in the Descope console). Required; not a secret. */
    projectId: text('is required').pipe(
      z.string().regex(/^[A-Za-z0-9]{8,}$/, { error: 'must be a Descope project ID (letters and digits)' }),
    ),
    /**
     * Descope API base URL, for projects outside the default region (e.g. `https://api.euc1.descope.com`).
     * @default - the SDK's default endpoint
     */
    descopeBaseUrl: text('must be an https URL')
      .pipe(z.url({ protocol: /^https$/, error: 'must be an https URL' }))
      .optional(),
    /** From address of the summary email; the stack creates its SES identity. Required. */
    sender: emailAddress(),
    /**
     * Verify the whole sender domain (DKIM) instead of the single sender address; `sender` must be in it.
     * @default - the sender address is verified on its own
     */
    senderDomain: domainName().optional(),
    /** Who receives the weekly summary (1 to 50 addresses: the SES per-message limit). Required. */
    recipients: list(emailAddress(), 'must list at least one email address').pipe(
      z
        .array(z.string())
        .min(1, { error: 'must list at least one email address' })
        .max(50, { error: 'must list at most 50 addresses' }),
    ),
    /**
     * The account is still in the SES sandbox: also create an identity for each recipient (each gets a
     * verification email) and allow sending to them, which the sandbox checks against IAM too.
     * @default false
     */
    sesSandbox: flag().default(false),
    /**
     * When the report runs, EventBridge Scheduler cron syntax without `cron(...)`.
     * @default '0 6 ? * MON *' (Mondays 06:00)
     */
    scheduleCron: schedulerCron().default(DEFAULT_SCHEDULE_CRON),
    /**
     * IANA time zone `scheduleCron` is read in (daylight saving is followed).
     * @default 'UTC'
     */
    scheduleTimezone: timeZone().default(DEFAULT_SCHEDULE_TIMEZONE),
    /**
     * Who receives the monthly report, built from the stored weeks (no Descope request). Setting it
     * adds the monthly schedule.
     * @default - no monthly report
     */
    monthlyReportRecipients: list(emailAddress(), 'must list at least one email address')
      .pipe(
        z
          .array(z.string())
          .min(1, { error: 'must list at least one email address' })
          .max(50, { error: 'must list at most 50 addresses' }),
      )
      .optional(),
    /**
     * When the monthly report runs (it reports the month just ended), read in `scheduleTimezone`.
     * @default '0 8 2 * ? *' (the 2nd, 08:00)
     */
    monthlyReportCron: schedulerCron().default(DEFAULT_MONTHLY_CRON),
    /**
     * Who receives the quarterly report, built from the stored weeks (no Descope request). Setting
     * it adds the quarterly schedule.
     * @default - no quarterly report
     */
    quarterlyReportRecipients: list(emailAddress(), 'must list at least one email address')
      .pipe(
        z
          .array(z.string())
          .min(1, { error: 'must list at least one email address' })
          .max(50, { error: 'must list at most 50 addresses' }),
      )
      .optional(),
    /**
     * When the quarterly report runs (it reports the quarter just ended), read in `scheduleTimezone`.
     * @default '0 8 2 1,4,7,10 ? *' (2 January, April, July, October, 08:00)
     */
    quarterlyReportCron: schedulerCron().default(DEFAULT_QUARTERLY_CRON),
    /**
     * Descope audit searches per minute for the whole run (Descope's limit is 10).
     * @default 10
     */
    auditRpm: wholeNumber(1, 600).default(10),
    /**
     * Timeout of one Descope request, in milliseconds.
     * @default 30000
     */
    requestTimeoutMs: wholeNumber(1_000, 300_000).default(30_000),
    /**
     * S3 Object Lock mode of the evidence: GOVERNANCE (users with s3:BypassGovernanceRetention can
     * still delete) or COMPLIANCE (nobody can, not even root, until the retention ends).
     * @default 'GOVERNANCE'
     */
    retentionMode: text('must be GOVERNANCE or COMPLIANCE')
      .transform((value) => value.toUpperCase())
      .pipe(z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be GOVERNANCE or COMPLIANCE' }))
      .default(DEFAULT_RETENTION_MODE),
    /**
     * Days each report version stays locked (Object Lock default retention).
     * @default 400
     */
    retentionDays: wholeNumber(1, 36_500).default(DEFAULT_RETENTION_DAYS),
    /**
     * Days after which reports move to S3 Glacier Instant Retrieval (still readable at once).
     * @default 90
     */
    archiveAfterDays: wholeNumber(1, 36_500).default(DEFAULT_ARCHIVE_AFTER_DAYS),
    /**
     * Email subscribed to the alarm topic (confirm the subscription mail).
     * @default - no subscription; subscribe to the AlarmTopicArn output yourself
     */
    alarmEmail: emailAddress().optional(),
    /**
     * Principals allowed to assume the read-only auditor role.
     * @default - no role; attach the AuditorPolicyArn output to your own principals
     */
    auditorPrincipalArns: list(principalArn(), 'must be a list of IAM principal ARNs').optional(),
    /**
     * JSON file with the audit query catalog, bundled with the function (`REPORT_QUERIES_FILE`).
     * Path relative to the directory `cdk` runs in.
     * @default - the function's built-in queries
     */
    queryCatalogFile: text('must be a file path').optional(),
    /**
     * Descope tenant the `ComplianceReportSealed` anchor events are filed under (Descope's
     * create-audit-event call requires a tenant). Set it to anchor each report's manifest hash in
     * Descope's audit trail.
     * @default - reports are not anchored
     */
    anchorTenantId: text('must be a Descope tenant ID')
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'must be a Descope tenant ID' }))
      .optional(),
    /**
     * `accessReview.enabled`: snapshot role holders and access keys at each period's end, diff them
     * with the previous snapshot and report the access review. Needs nothing beyond the Descope
     * management key (user and access-key search).
     * @default true
     */
    accessReviewEnabled: flag().default(true),
    /**
     * `accessReview.dormantDays`: a privileged user with no login for this many days is a finding.
     * @default 90
     */
    accessReviewDormantDays: wholeNumber(1, 3650).default(90),
    /**
     * `accessReview.keyExpiryHorizonDays`: a privileged access key expiring later than this many days
     * after the period end (or never) is a finding.
     * @default 365
     */
    accessReviewKeyExpiryHorizonDays: wholeNumber(1, 36_500).default(365),
    /**
     * Retention of the function logs and of the S3 server access logs, in days (a CloudWatch Logs value).
     * @default 365
     */
    logRetentionDays: logRetentionDays().default(DEFAULT_LOG_RETENTION_DAYS),
    /**
     * Function memory in MB (CPU scales with it).
     * @default 1024
     */
    functionMemoryMb: wholeNumber(128, 10_240).default(DEFAULT_FUNCTION_MEMORY_MB),
    /**
     * Function ephemeral storage (`/tmp`) in MB: staged evidence, DuckDB's files, the tables' CSVs.
     * @default 4096
     */
    functionEphemeralStorageMb: wholeNumber(512, 10_240).default(DEFAULT_EPHEMERAL_STORAGE_MB),
    /**
     * Function timeout in minutes; a longer collection continues in a new invocation.
     * @default 15
     */
    functionTimeoutMinutes: wholeNumber(1, 15).default(DEFAULT_FUNCTION_TIMEOUT_MINUTES),
  })
  .superRefine((config, ctx) => {
    // Only runs once every field is valid, so a second synth may report these after the first fix.
    const { sender, senderDomain, requestTimeoutMs, functionTimeoutMinutes } = config;
    if (senderDomain && !sender.toLowerCase().endsWith(`@${senderDomain}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['senderDomain'],
        message: `must be the domain of sender (${sender})`,
      });
    }
    if (requestTimeoutMs >= functionTimeoutMinutes * 60_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['requestTimeoutMs'],
        message: 'must be shorter than functionTimeoutMinutes',
      });
    }
  });

/** The validated settings, defaults applied. */
export type DeployConfigValues = z.output<typeof deployConfigSchema>;

/** The setting names, in documentation order. */
export const DEPLOY_CONFIG_KEYS = Object.keys(deployConfigSchema.shape) as (keyof DeployConfigValues)[];
