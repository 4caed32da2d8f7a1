import { LOG_LEVEL, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/shared/powertools/constants.js';
import type { LambdaEnvironment } from '../../functions/weekly-report/config.js';

/** Variable carrying the query catalog (see `queryCatalogEnvironment`). */
export const QUERY_CATALOG_VARIABLE = 'REPORT_QUERIES';

/**
 * The variables the stack must set, typed from the function's zod schema: a variable the function
 * requires and the stack forgets is a compile error here. `AWS_REGION` is left out because Lambda
 * sets it itself and reserves the name (CloudFormation rejects it).
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
  readonly accessReviewEnabled: boolean;
  readonly accessReviewDormantDays: number;
  readonly accessReviewKeyExpiryHorizonDays: number;
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
    ACCESS_REVIEW_ENABLED: String(input.accessReviewEnabled),
    ACCESS_REVIEW_DORMANT_DAYS: String(input.accessReviewDormantDays),
    ACCESS_REVIEW_KEY_EXPIRY_HORIZON_DAYS: String(input.accessReviewKeyExpiryHorizonDays),
  };
}

/** Settings of the runtime rather than of the job: logging, metrics, stack traces. */
export const RUNTIME_ENVIRONMENT = {
  // The bundle ships a source map; without this flag stack traces point into minified code.
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  POWERTOOLS_LOG_LEVEL: LOG_LEVEL,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
} as const;

/** The catalog variable, when a catalog is configured (else the function runs the built-ins). */
export function queryCatalogEnvironment(catalog: string | undefined): Record<string, string> {
  return catalog === undefined ? {} : { [QUERY_CATALOG_VARIABLE]: catalog };
}
