import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (target !== 'secretsmanager.GetSecretValue') {
        return answer(400, {
          __type: 'UnknownOperationException',
          message: `unsupported: ${String(target)}`,
        });
      }
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        SecretId?: string;
      };
      const value =
        SecretId !== undefined && Object.hasOwn(secrets, SecretId) ? secrets[SecretId] : undefined;
      if (value === undefined) {
        return answer(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      reads += 1;
      answer(200, { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: 'v1', CreatedDate: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get reads() {
      return reads;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
