import { z } from 'zod';
import { channelsSchema } from '../../functions/core/routing/channel-config.js';
import { accessReviewSettings } from './access-review-settings.js';
import { athenaSettings, checkAthenaSettings } from './athena-settings.js';
import { emailAddress, flag, list, text, wholeNumber } from './context-values.js';
import { dailySettings } from './daily-settings.js';
import {
  DEFAULT_ARCHIVE_AFTER_DAYS,
  DEFAULT_MONTHLY_CRON,
  DEFAULT_QUARTERLY_CRON,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_MODE,
  DEFAULT_SCHEDULE_CRON,
  DEFAULT_SCHEDULE_TIMEZONE,
} from './defaults.js';
import { functionSettings } from './function-settings.js';
import { checkProjectSettings, projectSettings } from './project-settings.js';
import {
  domainName,
  p256PublicKeyPem,
  principalArn,
  recipientList,
  schedulerCron,
  timeZone,
} from './setting-types.js';
import { checkStreamSettings, streamSettings } from './stream-settings.js';

export { DEFAULT_SCHEDULE_CRON } from './defaults.js';

/** JSON text as a value; text that is not JSON stays text, for the schema to refuse by name. */
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Deploy-time settings of the stack. Read from CDK context (cdk.json, `-c key=value`) and the
 * optional JSON file named by context `configFile`; see `loadDeployConfig`. Each setting's
 * `.meta()` is its entry in docs/configuration.md (`npm run docs:config` writes it).
 */
export const deployConfigSchema = z
  .object({
    stackName: text('must be a stack name')
      .pipe(
        z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,47}$/, {
          error: 'must be letters, digits and hyphens (at most 48)',
        }),
      )
      .default('DescopeAuditReport')
      .meta({
        description:
          'CloudFormation stack name; also prefixes the function, secret, schedule and alarm names, so two copies (e.g. staging and production) can live in one account.',
      }),
    projectId: text('is required')
      .pipe(
        z.string().regex(/^[A-Za-z0-9]{8,}$/, { error: 'must be a Descope project ID (letters and digits)' }),
      )
      .optional()
      .meta({
        description:
          'Descope project ID (Project settings in the Descope console); not a secret. The function reads it as `DESCOPE_PROJECT_ID`.',
        examples: ['P2abc123def456'],
        unset: 'required unless `projects` lists several',
      }),
    descopeBaseUrl: text('must be an https URL')
      .pipe(z.url({ protocol: /^https$/, error: 'must be an https URL' }))
      .optional()
      .meta({
        description:
          'Descope API base URL (https), for projects outside the default region; `DESCOPE_BASE_URL` of the function.',
        examples: ['https://api.euc1.descope.com'],
        unset: "the SDK's default endpoint",
      }),
    sender: emailAddress().meta({
      description: 'From address of the summary email; the stack creates its SES identity (`REPORT_SENDER`).',
    }),
    senderDomain: domainName().optional().meta({
      description:
        'Verify the whole sender domain (DKIM) instead of the single sender address; `sender` must be in it.',
      unset: 'the sender address is verified on its own',
    }),
    recipients: recipientList().meta({
      description:
        'Who receives the weekly summary: a JSON list or `a@x,b@y`, 1 to 50 addresses (the SES per-message limit).',
      examples: ['security@example.com,ciso@example.com'],
    }),
    sesSandbox: flag().default(false).meta({
      description:
        'The account is still in the SES sandbox: also create an identity for each recipient (each gets a verification email) and allow sending to them, which the sandbox checks against IAM too.',
    }),
    scheduleCron: schedulerCron().default(DEFAULT_SCHEDULE_CRON).meta({
      description:
        'When the weekly report runs (Mondays 06:00 by default): EventBridge Scheduler cron, 6 fields, with or without `cron(...)`.',
    }),
    scheduleTimezone: timeZone()
      .default(DEFAULT_SCHEDULE_TIMEZONE)
      .meta({ description: 'IANA time zone `scheduleCron` is read in (daylight saving is followed).' }),
    monthlyReportRecipients: recipientList().optional().meta({
      description:
        'Who receives the monthly report, built from the stored weeks (no Descope request). Setting it adds the monthly schedule.',
      unset: 'no monthly report',
    }),
    monthlyReportCron: schedulerCron().default(DEFAULT_MONTHLY_CRON).meta({
      description:
        'When the monthly report runs (the 2nd, 08:00 by default), reporting the month just ended; read in `scheduleTimezone`.',
    }),
    quarterlyReportRecipients: recipientList().optional().meta({
      description:
        'Who receives the quarterly report, built from the stored weeks (no Descope request). Setting it adds the quarterly schedule.',
      unset: 'no quarterly report',
    }),
    quarterlyReportCron: schedulerCron().default(DEFAULT_QUARTERLY_CRON).meta({
      description:
        'When the quarterly report runs (2 January, April, July and October, 08:00 by default), reporting the quarter just ended; read in `scheduleTimezone`.',
    }),
    auditRpm: wholeNumber(1, 600).default(10).meta({
      description:
        'Descope requests per minute for the whole run (`DESCOPE_AUDIT_RPM`); Descope allows 10 audit searches a minute.',
    }),
    requestTimeoutMs: wholeNumber(1_000, 300_000).default(30_000).meta({
      description: 'Timeout of one Descope request, in milliseconds (`DESCOPE_REQUEST_TIMEOUT_MS`).',
    }),
    objectLockMode: text('must be GOVERNANCE or COMPLIANCE')
      .transform((value) => value.toUpperCase())
      .pipe(z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'must be GOVERNANCE or COMPLIANCE' }))
      .default(DEFAULT_RETENTION_MODE)
      .meta({
        description:
          'S3 Object Lock mode of the evidence: GOVERNANCE (users with s3:BypassGovernanceRetention can still delete a version) or COMPLIANCE (nobody can, not even root, until the retention ends; it cannot be shortened once set). Formerly `retentionMode`, which is now refused.',
      }),
    retentionDays: wholeNumber(1, 36_500)
      .default(DEFAULT_RETENTION_DAYS)
      .meta({ description: 'Days each report version stays locked (Object Lock default retention).' }),
    archiveAfterDays: wholeNumber(1, 36_500).default(DEFAULT_ARCHIVE_AFTER_DAYS).meta({
      description: 'Days after which reports move to S3 Glacier Instant Retrieval (still readable at once).',
    }),
    alarmEmail: emailAddress().optional().meta({
      description: 'Email subscribed to the alarm topic (confirm the subscription mail).',
      unset: 'no subscription; subscribe to the AlarmTopicArn output yourself',
    }),
    auditorPrincipalArns: list(principalArn(), 'must be a list of IAM principal ARNs').optional().meta({
      description: 'Principals allowed to assume the read-only auditor role.',
      unset: 'no role; attach the AuditorPolicyArn output to your own principals',
    }),
    reviewerPrincipalArns: list(principalArn(), 'must be a list of IAM principal ARNs').optional().meta({
      description:
        'Principals allowed to assume the reviewer role, which signs access-review attestations with the stack’s attestation KMS key (separate from the manifest key: reviewers cannot sign manifests) and stores them (`npm run attest` with `ATTESTATION_SIGNING_KEY_ARN`).',
      unset:
        'no reviewer role; no attestation key either unless `accessReviewCampaigns` is set. Reviewers may still sign with keys listed in attestationPublicKeys',
    }),
    attestationPublicKeys: list(p256PublicKeyPem(), 'must be a list of PEM public keys').optional().meta({
      description:
        "Reviewers' own ECDSA P-256 public keys (PEM, as a JSON list) whose attestations count as signed (`npm run attest` with `ATTESTATION_SIGNING_KEY_FILE`); the function is told their fingerprints (`REPORT_ATTESTATION_KEY_FINGERPRINTS`).",
      unset: 'none',
    }),
    queryCatalogFile: text('must be a file path').optional().meta({
      description:
        'JSON file with the report catalog (docs/query-catalog.md), validated and checked by DuckDB at synth and bundled with the function (`REPORT_QUERIES_FILE`, with the SHA-256 of the checked text in `REPORT_QUERIES_SHA256`). Path relative to the directory `cdk` runs in.',
      unset: "the function's built-in queries",
    }),
    frameworkFiles: list(text('must be a file path'), 'must be a list of file paths').optional().meta({
      description:
        'Framework files (JSON or YAML, docs/frameworks.md) that add frameworks or replace built-in ones by id, validated at synth (errors name the file and line) and bundled with the function (`REPORT_FRAMEWORKS_DIR`). Paths relative to the directory `cdk` runs in.',
      unset: 'the built-in frameworks only',
    }),
    frameworks: list(
      text('must be a framework id').pipe(
        z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'every entry must be a framework id' }),
      ),
      'must be a list of framework ids',
    )
      .optional()
      .meta({
        description:
          'Framework ids to report, in this order (`soc2`, `iso27001`, `pci-dss`, `nist-800-53`, `hipaa`, `cis-controls`, or one from `frameworkFiles`); `REPORT_FRAMEWORKS`.',
        unset: 'every framework',
      }),
    exceptionsFile: text('must be a file path').optional().meta({
      description:
        'JSON file of accepted risks (docs/exceptions.md): each exception names a finding by fingerprint or match, its owner, reason, ticket and expiry (at most 365 days). Validated at synth (errors name the file and line) and bundled with the function (`REPORT_EXCEPTIONS_FILE`). Path relative to the directory `cdk` runs in.',
      unset: 'no exceptions: every finding is counted',
    }),
    channels: z
      .preprocess((value) => (typeof value === 'string' ? safeJson(value) : value), channelsSchema)
      .optional()
      .meta({
        description:
          'Routing channels (docs/routing.md): a JSON list of Slack, Teams, signed webhook and EventBridge channels, each with `name`, `minSeverity`, `tenants`, `timeoutMs`, `attempts`; webhook URLs and signing secrets are named as Secrets Manager secrets. Sets `REPORT_CHANNELS` and grants the function exactly those secrets and buses.',
        unset: 'no channel: the email only',
      }),
    anchorTenantId: text('must be a Descope tenant ID')
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'must be a Descope tenant ID' }))
      .optional()
      .meta({
        description:
          "Descope tenant the `ComplianceReportSealed` anchor events are filed under (Descope's create-audit-event call requires a tenant). Set it to anchor each report's manifest hash in Descope's audit trail.",
        unset: 'reports are not anchored',
      }),
    ...accessReviewSettings,
    ...functionSettings,
    ...streamSettings,
    ...athenaSettings,
    ...dailySettings,
    ...projectSettings,
  })
  .superRefine((config, ctx) => {
    checkStreamSettings(config, ctx);
    checkAthenaSettings(config, ctx);
    checkProjectSettings(config, ctx);
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
