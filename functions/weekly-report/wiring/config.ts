import { z } from 'zod';
import { ConfigError } from '../../shared/errors.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/powertools/constants.js';
import { awsSdkVariables } from './aws-sdk-variables.js';
import {
  campaignSettings,
  channelsJson,
  days,
  email,
  flag,
  frameworkIds,
  logLevel,
  positiveInt,
  recipients,
  reportCatalog,
  url,
} from './environment-values.js';
import { athenaVariables } from './config/athena-variables.js';
import { streamVariables } from './stream-environment.js';

/**
 * Settings shared by every entry point (Lambda, CLI, `npm start`). Each variable's `.meta()` is its
 * entry in docs/configuration.md (`npm run docs:config` writes it).
 */
const commonSchema = z.object({
  DESCOPE_PROJECT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,}$/, 'must be a Descope project ID (letters and digits)')
    .meta({ description: 'Descope project ID (not a secret).', examples: ['P2abc123def456'] }),
  DESCOPE_BASE_URL: url.optional().meta({
    description: 'Descope API base URL: a regional host or a custom domain.',
    unset: 'the SDK derives the regional host from a project ID of 32+ characters',
    examples: ['https://api.euc1.descope.com'],
  }),
  DESCOPE_AUDIT_RPM: positiveInt(10).meta({
    description:
      'Descope requests per minute for the whole run (audit, analytics, user and access-key searches share one limiter); Descope allows 10 audit searches a minute.',
  }),
  DESCOPE_REQUEST_TIMEOUT_MS: positiveInt(30_000).meta({
    description: 'Timeout of one Descope request in milliseconds, body included.',
  }),
  DESCOPE_MAX_RESULT_WINDOW: positiveInt(10_000).meta({
    description:
      'Deepest `page × size` an audit search is paged to; past it, reading continues from the time of the last record read.',
  }),
  DESCOPE_MAX_ATTEMPTS: positiveInt(6).meta({
    description:
      'Attempts per request on timeouts, 5xx, connection resets, non-JSON or truncated bodies; when they are spent the time range becomes a gap.',
  }),
  REPORT_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .meta({ description: 'S3 bucket the reports and evidence are stored in (under `reports/`).' }),
  REPORT_SENDER: email.meta({
    description: 'From address of the summary email: an SES identity verified for sending.',
  }),
  REPORT_RECIPIENTS: recipients.meta({
    description: 'Recipients of the project summary email, comma-separated.',
    examples: ['security@example.com,ciso@example.com'],
  }),
  REPORT_QUERIES: reportCatalog.meta({
    description:
      'Report catalog JSON: custom queries, disabled built-ins, finding and tenant settings (docs/query-catalog.md).',
    unset: 'the built-in catalog',
  }),
  REPORT_QUERIES_FILE: z.string().trim().optional().meta({
    description:
      'A file holding the report catalog JSON, read instead of `REPORT_QUERIES` (not with it). The stack bundles `queryCatalogFile` with the function and sets this to it.',
    unset: 'read `REPORT_QUERIES`',
  }),
  REPORT_FRAMEWORKS_DIR: z.string().trim().min(1).optional().meta({
    description:
      'A folder of framework files (`*.json`, `*.yaml`, `*.yml`) that add frameworks or replace built-in ones by id (docs/frameworks.md). The stack bundles `frameworkFiles` with the function and sets this.',
    unset: 'the built-in frameworks only',
  }),
  REPORT_FRAMEWORKS: frameworkIds.optional().meta({
    description:
      'Framework ids to report, comma-separated, in this order (built-in or from `REPORT_FRAMEWORKS_DIR`).',
    unset: 'every framework',
    examples: ['soc2,pci-dss'],
  }),
  REPORT_OBJECT_LOCK_MODE: z.enum(['GOVERNANCE', 'COMPLIANCE']).optional().meta({
    description:
      "The bucket's S3 Object Lock mode, as the stack configures it: the integrity controls (object-lock, retention) rest on it. Set by the stack.",
    unset: 'no Object Lock is stated: those controls read "not evidenced"',
  }),
  REPORT_RETENTION_DAYS: days.optional().meta({
    description:
      "Days of the bucket's default Object Lock retention (with `REPORT_OBJECT_LOCK_MODE`). Set by the stack.",
    unset: 'no retention is stated',
  }),
  REPORT_EXCEPTIONS_FILE: z.string().trim().min(1).optional().meta({
    description:
      'A JSON file of accepted risks (docs/exceptions.md), read before any request; each problem names the file and line. The stack bundles `exceptionsFile` with the function and sets this to it.',
    unset: 'no exceptions: every finding is counted',
  }),
  REPORT_CHANNELS: channelsJson.meta({
    description:
      'Routing channels as JSON (docs/routing.md): Slack, Teams, signed webhook and EventBridge, each with its minimum severity, tenants, timeout and attempts; secrets are named (Secrets Manager), never given. The stack sets it from `channels`.',
    unset: 'no channel: the email only',
  }),
  REPORT_DAILY_EMAIL_WHEN_QUIET: flag(false).meta({
    description:
      "Daily review (`--day`): mail a day's report even when it has no new finding since the day before; otherwise such a day is stored and signed but mails nobody.",
  }),
  OCSF_EXPORT_ENABLED: flag(true).meta({
    description:
      "Write each period folder's `ocsf/` export: the evidence and findings as OCSF 1.8.0 events, one gzipped NDJSON file per class, listed in the manifest (docs/ocsf.md).",
  }),
  OCSF_VALIDATE: flag(true).meta({
    description:
      'Check every exported OCSF event against its class’s vendored JSON schema (ajv); an event that fails is left out and counted in summary.json, never a failed run.',
  }),
  ACCESS_REVIEW_ENABLED: flag(true).meta({
    description:
      '`accessReview.enabled`: snapshot role holders and access keys at each period end and report the access review.',
  }),
  ACCESS_REVIEW_DORMANT_DAYS: positiveInt(90).meta({
    description:
      '`accessReview.dormantDays`: a privileged user with no login for this many days is a finding.',
  }),
  ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: positiveInt(365).meta({
    description:
      '`accessReview.keyExpiryHorizonDays`: a privileged access key expiring later than this many days after the period end (or never) is a finding.',
  }),
  ACCESS_REVIEW_DIRECTORY_READ: z.enum(['role-holders', 'all']).default('role-holders').meta({
    description:
      "`accessReview.directoryRead`: `role-holders` reads only users holding one of the project's roles (user search filtered by the role list's names); `all` reads every user (whether Descope's role filter also matches roles held only in tenants is unverified: `npm run doctor` checks it with one user holding a role only in a tenant and warns when the filter misses them; then set `all`).",
  }),
  DESCOPE_DIRECTORY_RPM: positiveInt(100).meta({
    description:
      "Requests per minute for Descope's directory calls (user search, access-key search, role list), their own limiter beside the audit search's. Descope's limit for these calls is not documented: `npm run doctor` reports the requests and minutes a run needs at this rate and any 429 it meets.",
  }),
  ACCESS_CAMPAIGNS: campaignSettings.meta({
    description:
      'Access review campaign settings as JSON: cadence, coverage, reviewers per tenant, per role and fallback, second level, due and remediation days, `remediation` (docs/access-review-campaigns.md). The stack sets it from `accessReviewCampaigns`.',
    unset: 'no campaigns',
  }),
  REVIEW_PAGE_URL: url.optional().meta({
    description:
      "The review page's URL (ending in `/`), for the links in campaign emails; required with `ACCESS_CAMPAIGNS`.",
    unset: 'no campaigns',
  }),
  AWS_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1')
    .meta({
      description: 'AWS region of the bucket and of SES (Lambda sets it itself).',
      examples: ['eu-west-1'],
    }),
  REPORT_ANCHOR_TENANT_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a Descope tenant ID')
    .optional()
    .meta({
      description:
        "Descope tenant the `ComplianceReportSealed` anchor events are filed under (Descope's create-event call requires one).",
      unset: "reports are not anchored in Descope's audit trail",
    }),
  AWS_ENDPOINT_URL_S3: url.optional().meta({
    description: 'S3-compatible endpoint (the local stand-in); links in the email then point there.',
    unset: 'AWS',
  }),
  AWS_ENDPOINT_URL_SESV2: url.optional().meta({
    description: 'SES v2-compatible endpoint (the local stand-in).',
    unset: 'AWS',
  }),
  AWS_ENDPOINT_URL_EVENTBRIDGE: url.optional().meta({
    description: 'EventBridge-compatible endpoint (the local stand-in), read by the SDK client.',
    unset: 'AWS',
  }),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: url.optional().meta({
    description:
      'Secrets Manager-compatible endpoint (the local stand-in), read by the SDK client (the Descope secret, the channels’ secrets).',
    unset: 'AWS',
  }),
  ...awsSdkVariables,
  ...streamVariables,
  ...athenaVariables,
});

/**
 * Environment of the Lambda function: credentials come from Secrets Manager. The Powertools
 * variables are read by Powertools itself; the names are fixed because the stack's alarms watch them.
 */
export const lambdaEnvironmentSchema = commonSchema.extend({
  REPORT_MONTHLY_RECIPIENTS: recipients.optional().meta({
    description: 'Recipients of the monthly rollup, comma-separated; the stack sets it with its schedule.',
    unset: 'no monthly rollup',
  }),
  REPORT_QUARTERLY_RECIPIENTS: recipients.optional().meta({
    description: 'Recipients of the quarterly rollup, comma-separated; the stack sets it with its schedule.',
    unset: 'no quarterly rollup',
  }),
  DESCOPE_SECRET_ARN: z
    .string()
    .trim()
    .startsWith('arn:', 'must be a Secrets Manager secret ARN')
    .meta({ description: 'Secrets Manager secret holding `{"managementKey":"…"}`; set by the stack.' }),
  REPORT_QUERIES_SHA256: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex')
    .optional()
    .meta({
      description:
        'SHA-256 of the catalog text whose SQL DuckDB checked at synth; set by the stack. The same text is not checked again at each invocation.',
      unset: 'the catalog’s SQL is checked at each invocation',
    }),
  REPORT_SIGNING_KEY_ARN: z.string().trim().startsWith('arn:', 'must be a KMS key ARN').optional().meta({
    description: 'KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) that signs the manifests; set by the stack.',
    unset: 'manifests are unsigned',
  }),
  REPORT_ATTESTATION_KEY_ARN: z.string().trim().startsWith('arn:', 'must be a KMS key ARN').optional().meta({
    description:
      'The attestation KMS key: reviewers sign their sign-offs with it (deploy config `reviewerPrincipalArns`) and the review page signs campaign decisions with it (`accessReviewCampaigns`); the job reads its public key to check both. Set by the stack.',
    unset: 'no reviewer KMS key',
  }),
  REPORT_ATTESTATION_KEY_FINGERPRINTS: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/, 'must be comma-separated SHA-256 key fingerprints')
    .optional()
    .meta({
      description:
        "Fingerprints of the reviewers' own public keys (deploy config `attestationPublicKeys`), comma-separated; each key is published as `reports/keys/<fingerprint>.pem` when it first signs. Set by the stack.",
      unset: 'no reviewer keys of their own',
    }),
  AWS_ENDPOINT_URL_LAMBDA: url.optional().meta({
    description: 'Lambda-compatible endpoint (the local stand-in) the run invokes to continue itself.',
    unset: 'AWS',
  }),
  POWERTOOLS_SERVICE_NAME: z
    .literal(SERVICE_NAME)
    .optional()
    .meta({
      description: "Read by Powertools; fixed because the stack's alarms watch the metrics under it.",
      unset: `\`${SERVICE_NAME}\``,
    }),
  POWERTOOLS_METRICS_NAMESPACE: z
    .literal(METRICS_NAMESPACE)
    .optional()
    .meta({
      description: "Read by Powertools; fixed because the stack's alarms watch this namespace.",
      unset: `\`${METRICS_NAMESPACE}\``,
    }),
  POWERTOOLS_LOG_LEVEL: logLevel.optional().meta({
    description: 'Log level (any case); `SILENT` is for tests.',
    unset: '`INFO`',
  }),
  POWERTOOLS_METRICS_DISABLED: z.enum(['true', 'false']).optional().meta({
    description: '`true` keeps metrics out of the log (tests).',
    unset: '`false`',
  }),
});

/** Environment of the CLI (`npm run report`, `npm run doctor`): credentials come from the environment. */
export const cliEnvironmentSchema = commonSchema.extend({
  DESCOPE_MANAGEMENT_KEY: z.string().min(1, 'must be set (a Descope management key)').meta({
    description: 'Descope management key; the Lambda reads it from Secrets Manager instead. Never printed.',
  }),
  REPORT_SIGNING_KEY_FILE: z.string().trim().min(1, 'must name a PEM file').optional().meta({
    description:
      'PKCS#8 PEM file holding the P-256 private key that signs the manifests (never attestations).',
    unset: 'manifests are unsigned',
  }),
  ATTESTATION_SIGNING_KEY_FILE: z.string().trim().min(1, 'must name a PEM file').optional().meta({
    description:
      "`npm run attest`: the reviewer's own PKCS#8 PEM P-256 private key (its public key listed in the deploy config's `attestationPublicKeys`). With campaigns on the command line (`npm run attest -- --campaign`, `npm run review`, a local report run) it stands in for the attestation KMS key: decisions are signed with it and the run checks them with its public half.",
    unset: 'unsigned, unless `ATTESTATION_SIGNING_KEY_ARN` is set',
  }),
  ATTESTATION_SIGNING_KEY_ARN: z
    .string()
    .trim()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, 'must be a KMS key or alias ARN')
    .optional()
    .meta({
      description:
        '`npm run attest`: the stack’s attestation KMS key (output `AttestationSigningKeyArn`), used with the reviewer role’s credentials.',
      unset: 'unsigned, unless `ATTESTATION_SIGNING_KEY_FILE` is set',
    }),
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

/** The OCSF export settings of a parsed configuration (`undefined`: off). */
export const ocsfSettings = (config: CommonConfig | DryRunConfig) =>
  config.OCSF_EXPORT_ENABLED ? { validate: config.OCSF_VALIDATE } : undefined;

/** The access review settings of a parsed configuration. */
export function accessReviewSettings(config: CommonConfig | DryRunConfig) {
  return {
    enabled: config.ACCESS_REVIEW_ENABLED,
    dormantDays: config.ACCESS_REVIEW_DORMANT_DAYS,
    keyExpiryHorizonDays: config.ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS,
    directoryRead: config.ACCESS_REVIEW_DIRECTORY_READ,
  };
}

/** The campaign settings and the review page's URL, or `undefined` when campaigns are off. */
export function campaignRunSettings(config: CommonConfig | DryRunConfig) {
  const settings = config.ACCESS_CAMPAIGNS;
  if (!settings || !config.ACCESS_REVIEW_ENABLED) return undefined;
  if (!config.REVIEW_PAGE_URL)
    throw new ConfigError('Invalid configuration: REVIEW_PAGE_URL is required with ACCESS_CAMPAIGNS');
  const pageUrl = config.REVIEW_PAGE_URL.endsWith('/')
    ? config.REVIEW_PAGE_URL
    : `${config.REVIEW_PAGE_URL}/`;
  return { settings, pageUrl };
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
