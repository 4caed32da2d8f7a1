import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import type { StandInDirectory } from '../../functions/local/descope-api/directory-search-handler.js';
import {
  type LambdaInvokeStandIn,
  type SynchronousFunction,
  startLambdaInvokeStandIn,
} from '../../functions/local/lambda-invoke-stand-in.js';
import {
  LOCAL_MANAGEMENT_KEY,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../../functions/local/secrets-manager-stand-in.js';

const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:descope-management-key-AbCdEf';

export interface LambdaTestEnvironment {
  local: LocalEnvironment;
  secrets: SecretsManagerStandIn;
  lambda: LambdaInvokeStandIn;
  /** The function's environment: credentials from the Secrets Manager stand-in, never a plain key. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The local stand-ins plus Secrets Manager and Lambda Invoke, as the deployed function sees AWS. */
export async function startLambdaTestEnvironment(
  records: readonly AuditRecord[],
  requestsPerMinute: number,
  /** More buckets in the S3 stand-in. @default none */
  buckets?: string[],
  /** Functions the Lambda stand-in runs on a synchronous invoke, by name. @default none */
  functions?: ReadonlyMap<string, SynchronousFunction>,
  /** Users and access keys the directory searches serve. @default none */
  directory?: StandInDirectory,
): Promise<LambdaTestEnvironment> {
  const local = await startLocalEnvironment({
    records,
    rateLimit: { requests: requestsPerMinute, windowMs: 60_000 },
    buckets,
    directory,
  });
  const secrets = await startSecretsManagerStandIn({
    [secretArn]: JSON.stringify({ managementKey: LOCAL_MANAGEMENT_KEY }),
  });
  const lambda = await startLambdaInvokeStandIn(functions);
  const { DESCOPE_MANAGEMENT_KEY: _cliOnly, ...rest } = local.env;
  return {
    local,
    secrets,
    lambda,
    env: {
      ...rest,
      DESCOPE_SECRET_ARN: secretArn,
      DESCOPE_AUDIT_RPM: String(requestsPerMinute),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    },
    async close() {
      await Promise.allSettled([lambda.close(), secrets.close()]);
      await local.close();
    },
  };
}
