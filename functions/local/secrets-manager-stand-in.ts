import { startAwsJsonServer } from './aws-json-server.js';

export interface SecretsManagerStandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  endpoint: string;
  /** Number of GetSecretValue calls answered. */
  readonly reads: number;
  close(): Promise<void>;
}

/**
 * Answers `GetSecretValue` (AWS JSON 1.1 protocol, `X-Amz-Target: secretsmanager.GetSecretValue`)
 * from `secrets` (ARN → string), and `ResourceNotFoundException` otherwise: enough for the Lambda
 * handler to read its Descope credentials on loopback.
 */
export async function startSecretsManagerStandIn(
  secrets: Record<string, string>,
): Promise<SecretsManagerStandIn> {
  let reads = 0;
  const server = await startAwsJsonServer((target, text) => {
    if (target !== 'secretsmanager.GetSecretValue') {
      return {
        status: 400,
        body: { __type: 'UnknownOperationException', message: `unsupported: ${String(target)}` },
      };
    }
    const { SecretId } = JSON.parse(text || '{}') as { SecretId?: string };
    const value = SecretId !== undefined && Object.hasOwn(secrets, SecretId) ? secrets[SecretId] : undefined;
    if (value === undefined) {
      return {
        status: 400,
        body: {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        },
      };
    }
    reads += 1;
    return {
      status: 200,
      body: { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: 'v1', CreatedDate: 0 },
    };
  });
  return {
    endpoint: server.endpoint,
    get reads() {
      return reads;
    },
    close: server.close,
  };
}
