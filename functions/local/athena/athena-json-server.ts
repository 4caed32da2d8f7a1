import { startAwsJsonServer } from '../aws-json-server.js';

/** An Athena operation: the request's JSON in, the answer's JSON out (throws for a 400). */
export type AthenaOperation = (input: Record<string, unknown>) => unknown;

/** The server on loopback, its endpoint, and how many requests each operation answered. */
export interface AthenaJsonServer {
  endpoint: string;
  requests: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Athena's JSON 1.1 protocol on loopback (port 0): `X-Amz-Target: AmazonAthena.<Operation>`, the
 * input as JSON; an unknown target is `UnknownOperationException`, a thrown error
 * `InvalidRequestException` with its message, as the SDK client reads them.
 */
export async function startAthenaJsonServer(
  operations: ReadonlyMap<string, AthenaOperation>,
): Promise<AthenaJsonServer> {
  const requests = new Map<string, number>();
  const server = await startAwsJsonServer((targetHeader, body) => {
    const target = String(targetHeader ?? '');
    const name = target.startsWith('AmazonAthena.') ? target.slice(13) : '';
    const operation = operations.get(name);
    if (!operation) return { status: 400, body: { __type: 'UnknownOperationException', message: target } };
    requests.set(name, (requests.get(name) ?? 0) + 1);
    try {
      return { status: 200, body: operation(JSON.parse(body || '{}')) };
    } catch (error) {
      return { status: 400, body: { __type: 'InvalidRequestException', Message: (error as Error).message } };
    }
  });
  return { endpoint: server.endpoint, requests, close: () => server.close() };
}
