import { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/powertools/constants.js';
import { email, flag, positiveInt, recipients, reportCatalog, url } from './environment-fields.js';

/** Settings shared by every entry point (Lambda, CLI, `npm start`). */
const commonSchema = z.object({
  DESCOPE_PROJECT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,}$/, 'must be a Descope project ID (letters and digits)'),
  DESCOPE_BASE_URL: url.optional(),
  /** Audit searches per minute for the whole run. @default 10 (Descope's limit) */
  DESCOPE_AUDIT_RPM: positiveInt(10),
  /** Per-request timeout in milliseconds. @default 30000 */
  DESCOPE_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  /** Deepest `page * size` the search may be paged to before the window is split. @default 10000 */
  DESCOPE_MAX_RESULT_WINDOW: positiveInt(10_000),
  /** Attempts per request for transient failures before the window is reported incomplete. @default 6 */
  DESCOPE_MAX_ATTEMPTS: positiveInt(6),
  REPORT_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  REPORT_SENDER: email,
  REPORT_RECIPIENTS: recipients,
  /** Report catalog JSON (custom queries, disabled built-ins, findings and tenant settings). @default built-ins */
  REPORT_QUERIES: reportCatalog,
  /**
   * A file holding the report catalog JSON instead of `REPORT_QUERIES` (not both): the deployed
   * function's is bundled with it. Read before the environment is validated (see load-config.ts).
   */
  REPORT_QUERIES_FILE: z.string().optional(),
  /** `accessReview.enabled`: snapshot users and access keys at each period's end. @default true */
  ACCESS_REVIEW_ENABLED: flag(true),
  /** `accessReview.dormantDays`: a privileged user with no login for this long is a finding. @default 90 */
  ACCESS_REVIEW_DORMANT_DAYS: positiveInt(90),
  /** `accessReview.keyExpiryHorizonDays`: a privileged key expiring later than this is a finding. @default 365 */
  ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: positiveInt(365),
  AWS_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1'),
  /**
   * Descope tenant the `ComplianceReportSealed` anchor events are filed under (Descope's create-event
   * call requires one). Unset: reports are not anchored in Descope's audit trail.
   */
  REPORT_ANCHOR_TENANT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a Descope tenant ID')
    .optional(),
  /** S3-compatible endpoint (the local stand-in); links in the email then point there. @default AWS */
  AWS_ENDPOINT_URL_S3: url.optional(),
  /** SES v2-compatible endpoint (the local stand-in). @default AWS */
  AWS_ENDPOINT_URL_SESV2: url.optional(),
});

/** Powertools log levels (any case); `SILENT` is for tests. */
const logLevel = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']));

/**
 * Environment of the Lambda function: credentials come from Secrets Manager. The Powertools
 * variables are read by Powertools itself; the names are fixed because the stack's alarms watch them.
 */
export const lambdaEnvironmentSchema = commonSchema.extend({
  /** Who receives the monthly rollup (its schedule exists only when this is set). */
  REPORT_MONTHLY_RECIPIENTS: recipients.optional(),
  /** Who receives the quarterly rollup (its schedule exists only when this is set). */
  REPORT_QUARTERLY_RECIPIENTS: recipients.optional(),
  DESCOPE_SECRET_ARN: z.string().trim().startsWith('arn:', 'must be a Secrets Manager secret ARN'),
  /**
   * SHA-256 of the catalog text whose SQL synth had DuckDB check: the same text is not checked
   * again at each invocation. Unset, or another text: checked before any request.
   */
  REPORT_QUERIES_SHA256: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex')
    .optional(),
  /** The KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs manifests. Unset: manifests are unsigned. */
  REPORT_SIGNING_KEY_ARN: z.string().trim().startsWith('arn:', 'must be a KMS key ARN').optional(),
  /** Read by the SDK client for Secrets Manager (the local stand-in). @default AWS */
  AWS_ENDPOINT_URL_SECRETS_MANAGER: url.optional(),
  /** Read by the SDK client that continues a paused run (the local stand-in). @default AWS */
  AWS_ENDPOINT_URL_LAMBDA: url.optional(),
  POWERTOOLS_SERVICE_NAME: z.literal(SERVICE_NAME).optional(),
  POWERTOOLS_METRICS_NAMESPACE: z.literal(METRICS_NAMESPACE).optional(),
  /** @default INFO */
  POWERTOOLS_LOG_LEVEL: logLevel.optional(),
  /** `true` keeps metrics out of the log (tests). @default false */
  POWERTOOLS_METRICS_DISABLED: z.enum(['true', 'false']).optional(),
});

/** Environment of the CLI: credentials come from the environment. */
export const cliEnvironmentSchema = commonSchema.extend({
  DESCOPE_MANAGEMENT_KEY: z.string().min(1, 'must be set (a Descope management key)'),
  /** A PKCS#8 PEM file holding the P-256 private key that signs manifests. Unset: manifests are unsigned. */
  REPORT_SIGNING_KEY_FILE: z.string().trim().min(1, 'must name a PEM file').optional(),
});

/** Environment of a dry run (`--dry-run --out DIR`): no bucket, no email. */
export const dryRunEnvironmentSchema = cliEnvironmentSchema.omit({
  REPORT_BUCKET: true,
  REPORT_SENDER: true,
  REPORT_RECIPIENTS: true,
  AWS_REGION: true,
});

type LambdaInput = z.input<typeof lambdaEnvironmentSchema>;
type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/**
 * The variables the CDK stack may set on the function, typed from the schema: a variable the
 * function requires and the stack forgets, or one it sets that the function does not read, is a
 * compile error in `infra/`.
 */
export type LambdaEnvironment = {
  [K in RequiredKey<LambdaInput>]: Exclude<LambdaInput[K], undefined>;
} & {
  [K in Exclude<keyof LambdaInput, RequiredKey<LambdaInput>>]?: Exclude<LambdaInput[K], undefined>;
};

export type CommonConfig = z.output<typeof commonSchema>;
export type LambdaConfig = z.output<typeof lambdaEnvironmentSchema>;
export type CliConfig = z.output<typeof cliEnvironmentSchema>;
export type DryRunConfig = z.output<typeof dryRunEnvironmentSchema>;

/** The access review settings of a parsed configuration. */
export function accessReviewSettings(config: CommonConfig | DryRunConfig) {
  return {
    enabled: config.ACCESS_REVIEW_ENABLED,
    dormantDays: config.ACCESS_REVIEW_DORMANT_DAYS,
    keyExpiryHorizonDays: config.ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS,
  };
}

/** Validates `env` against `schema`; throws one ConfigError naming every bad variable. */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const message = issue.code === 'invalid_type' ? 'is required' : issue.message;
    return `${variable} ${message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
