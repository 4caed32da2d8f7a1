import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      const target = String(request.headers['x-amz-target'] ?? '');
      const name = target.startsWith('AmazonAthena.') ? target.slice(13) : '';
      const operation = operations.get(name);
      if (!operation) return answer(400, { __type: 'UnknownOperationException', message: target });
      requests.set(name, (requests.get(name) ?? 0) + 1);
      try {
        answer(200, operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
      } catch (error) {
        answer(400, { __type: 'InvalidRequestException', Message: (error as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
