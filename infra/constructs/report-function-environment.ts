import type { z } from 'zod';
import type { campaignSettingsSchema } from '../../functions/core/access/campaign-settings.js';
import type { ChannelConfig } from '../../functions/core/routing/channel-config.js';
import { LOG_LEVEL, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/shared/powertools/constants.js';
import { dailyScheduleText } from '../../functions/weekly-report/wiring/config/daily-review-variables.js';
import type { LambdaEnvironment } from '../../functions/weekly-report/wiring/config.js';

/**
 * The variables the stack sets, typed from the function's zod schema: a variable the function
 * requires and the stack forgets, or one the function does not read, is a compile error here.
 * `AWS_REGION` is left out because Lambda sets it itself and reserves the name (CloudFormation
 * rejects it).
 */
export type FunctionEnvironment = Omit<LambdaEnvironment, 'AWS_REGION'>;

/** Inputs of {@link buildFunctionEnvironment}, in deploy-config terms. */
export interface FunctionEnvironmentInput {
  readonly projectId: string;
  readonly descopeBaseUrl?: string;
  readonly secretArn: string;
  readonly auditRpm: number;
  readonly requestTimeoutMs: number;
  readonly bucketName: string;
  readonly sender: string;
  readonly recipients: readonly string[];
  /** Recipients of the monthly rollup; absent: no monthly report. */
  readonly monthlyRecipients?: readonly string[];
  /** Recipients of the quarterly rollup; absent: no quarterly report. */
  readonly quarterlyRecipients?: readonly string[];
  /** The binder printer function the scheduled rollups invoke; absent: they state no binder. */
  readonly binderPrinterFunction?: string;
  /** The daily review schedule (`REPORT_DAILY_SCHEDULE`); absent: none. */
  readonly dailySchedule?: { readonly cron: string; readonly timeZone: string };
  /** The KMS key that signs manifests. */
  readonly signingKeyArn: string;
  /** The attestation KMS key (reviewers sign with it); absent without reviewers. */
  readonly attestationKeyArn?: string;
  /** Fingerprints of the reviewers' own public keys. */
  readonly attestationKeyFingerprints?: readonly string[];
  /** Descope tenant the anchor events are filed under; without it reports are not anchored. */
  readonly anchorTenantId?: string;
  /** Where the function finds its bundled query catalog (`REPORT_QUERIES_FILE`); absent: the built-ins. */
  readonly queryCatalogFile?: string;
  /** SHA-256 of the catalog text whose SQL synth checked (`REPORT_QUERIES_SHA256`); absent: checked at each run. */
  readonly queryCatalogSha256?: string;
  /** Where the function finds the bundled framework files (`REPORT_FRAMEWORKS_DIR`); absent: the built-ins only. */
  readonly frameworksDir?: string;
  /** Framework ids to report (`REPORT_FRAMEWORKS`); absent: every one. */
  readonly frameworks?: readonly string[];
  /** The bucket's Object Lock mode and default retention, which the integrity controls rest on. */
  readonly objectLock: { mode: 'GOVERNANCE' | 'COMPLIANCE'; retentionDays: number };
  /** The routing channels (`REPORT_CHANNELS`); absent: none. */
  readonly channels?: readonly ChannelConfig[];
  /** Where the function finds its bundled exceptions file (`REPORT_EXCEPTIONS_FILE`); absent: none. */
  readonly exceptionsFile?: string;
  readonly accessReviewEnabled: boolean;
  readonly accessReviewDormantDays: number;
  readonly accessReviewKeyExpiryHorizonDays: number;
  /** Where the records come from, and how the audit stream is read (absent: the search). */
  readonly stream?: {
    /** The S3 connector's landing bucket; absent: the report bucket's `stream/events/`. */
    readonly bucketName?: string;
    readonly keyPattern?: string;
    readonly lateDays: number;
    readonly maskPii?: boolean;
  };
  /** The Athena engine (`engine` athena or auto, over the report bucket's stream); absent: DuckDB only. */
  readonly athena?: {
    readonly engine: 'athena' | 'auto';
    readonly thresholdBytes: number;
    readonly cutoffBytes: number;
    readonly workGroup: string;
    readonly database: string;
    readonly table: string;
  };
  /** Whom the directory read covers (`ACCESS_REVIEW_DIRECTORY_READ`). */
  readonly accessReviewDirectoryRead: 'role-holders' | 'all';
  /** Requests per minute of the directory calls (`DESCOPE_DIRECTORY_RPM`). */
  readonly directoryRpm: number;
  /** Access review campaign settings; absent: no campaigns. */
  readonly campaigns?: z.output<typeof campaignSettingsSchema>;
  /** The review page's URL (a token), for the campaign emails; set with `campaigns`. */
  readonly reviewPageUrl?: string;
  /** This project's place in a deployment of several (`projects`); absent: a single project. */
  readonly deployment?: {
    readonly name: string;
    /** Every project ID of the deployment. */
    readonly projectIds: readonly string[];
    /** Recipients of the cross-project summary; absent: none. */
    readonly summaryRecipients?: readonly string[];
  };
}

/** The function's configuration, as the schema expects it (strings, recipients comma-joined). */
export function buildFunctionEnvironment(input: FunctionEnvironmentInput): FunctionEnvironment {
  return {
    DESCOPE_PROJECT_ID: input.projectId,
    ...(input.descopeBaseUrl === undefined ? {} : { DESCOPE_BASE_URL: input.descopeBaseUrl }),
    DESCOPE_SECRET_ARN: input.secretArn,
    DESCOPE_AUDIT_RPM: String(input.auditRpm),
    DESCOPE_REQUEST_TIMEOUT_MS: String(input.requestTimeoutMs),
    REPORT_BUCKET: input.bucketName,
    REPORT_SENDER: input.sender,
    REPORT_RECIPIENTS: input.recipients.join(','),
    ...(input.monthlyRecipients ? { REPORT_MONTHLY_RECIPIENTS: input.monthlyRecipients.join(',') } : {}),
    ...(input.quarterlyRecipients
      ? { REPORT_QUARTERLY_RECIPIENTS: input.quarterlyRecipients.join(',') }
      : {}),
    BINDER_PRINTER_FUNCTION: input.binderPrinterFunction,
    REPORT_DAILY_SCHEDULE: input.dailySchedule
      ? dailyScheduleText(input.dailySchedule.cron, input.dailySchedule.timeZone)
      : undefined,
    REPORT_SIGNING_KEY_ARN: input.signingKeyArn,
    REPORT_ATTESTATION_KEY_ARN: input.attestationKeyArn,
    REPORT_ATTESTATION_KEY_FINGERPRINTS:
      input.attestationKeyFingerprints && input.attestationKeyFingerprints.length > 0
        ? input.attestationKeyFingerprints.join(',')
        : undefined,
    ...(input.anchorTenantId === undefined ? {} : { REPORT_ANCHOR_TENANT_ID: input.anchorTenantId }),
    ...(input.queryCatalogFile === undefined ? {} : { REPORT_QUERIES_FILE: input.queryCatalogFile }),
    ...(input.queryCatalogSha256 === undefined ? {} : { REPORT_QUERIES_SHA256: input.queryCatalogSha256 }),
    ...(input.frameworksDir === undefined ? {} : { REPORT_FRAMEWORKS_DIR: input.frameworksDir }),
    ...(input.frameworks === undefined ? {} : { REPORT_FRAMEWORKS: input.frameworks.join(',') }),
    REPORT_OBJECT_LOCK_MODE: input.objectLock.mode,
    REPORT_RETENTION_DAYS: String(input.objectLock.retentionDays),
    REPORT_EXCEPTIONS_FILE: input.exceptionsFile,
    REPORT_CHANNELS: input.channels && input.channels.length > 0 ? JSON.stringify(input.channels) : undefined,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_LOG_LEVEL: LOG_LEVEL,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    ACCESS_REVIEW_ENABLED: String(input.accessReviewEnabled),
    ACCESS_REVIEW_DORMANT_DAYS: String(input.accessReviewDormantDays),
    ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: String(input.accessReviewKeyExpiryHorizonDays),
    ...streamEnvironment(input.stream),
    ...athenaEnvironment(input.athena),
    ACCESS_REVIEW_DIRECTORY_READ: input.accessReviewDirectoryRead,
    DESCOPE_DIRECTORY_RPM: String(input.directoryRpm),
    ACCESS_CAMPAIGNS: input.campaigns ? JSON.stringify(input.campaigns) : undefined,
    REVIEW_PAGE_URL: input.reviewPageUrl,
    REPORT_PROJECT_NAME: input.deployment?.name,
    REPORT_PROJECTS: input.deployment?.projectIds.join(','),
    REPORT_SUMMARY_RECIPIENTS: input.deployment?.summaryRecipients?.join(','),
  };
}

/** The stream's variables: set only when the stream is the source, each only when it has a value. */
function streamEnvironment(stream: FunctionEnvironmentInput['stream']): Partial<FunctionEnvironment> {
  if (!stream) return {};
  const env: Partial<FunctionEnvironment> = {
    REPORT_SOURCE: 'stream',
    STREAM_LATE_DAYS: String(stream.lateDays),
  };
  if (stream.bucketName !== undefined) env.STREAM_BUCKET = stream.bucketName;
  if (stream.keyPattern !== undefined) env.STREAM_KEY_PATTERN = stream.keyPattern;
  if (stream.maskPii !== undefined) env.STREAM_MASK_PII = String(stream.maskPii);
  return env;
}

/** The Athena engine's variables (functions/weekly-report/wiring/config/athena-variables.ts), when it is set up. */
function athenaEnvironment(athena: FunctionEnvironmentInput['athena']): Partial<FunctionEnvironment> {
  if (!athena) return {};
  return {
    REPORT_ENGINE: athena.engine,
    ATHENA_THRESHOLD_BYTES: String(athena.thresholdBytes),
    ATHENA_BYTES_SCANNED_CUTOFF: String(athena.cutoffBytes),
    ATHENA_WORKGROUP: athena.workGroup,
    ATHENA_DATABASE: athena.database,
    ATHENA_TABLE: athena.table,
  };
}

/** Settings of the Node.js runtime rather than of the job. */
export const RUNTIME_ENVIRONMENT = {
  // The bundle ships a source map; without this flag stack traces point into minified code.
  NODE_OPTIONS: '--enable-source-maps',
} as const;
