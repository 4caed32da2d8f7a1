import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QueuedInvocation {
  functionName: string;
  payload: unknown;
}

export interface LambdaInvokeStandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_LAMBDA`. */
  endpoint: string;
  /** Asynchronous invocations received and not yet taken, oldest first. */
  readonly queued: QueuedInvocation[];
  close(): Promise<void>;
}

/**
 * Accepts Lambda `Invoke` with `X-Amz-Invocation-Type: Event` (REST-JSON:
 * `POST /2015-03-31/functions/{name}/invocations`, answered 202) and queues the payload, so a test
 * can play Lambda's part and deliver it to the handler.
 */
export async function startLambdaInvokeStandIn(): Promise<LambdaInvokeStandIn> {
  const queued: QueuedInvocation[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      if (request.method !== 'POST' || !match?.[1] || request.headers['x-amz-invocation-type'] !== 'Event') {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ Type: 'User', message: 'only asynchronous Invoke is supported' }));
        return;
      }
      queued.push({
        functionName: decodeURIComponent(match[1]),
        payload: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(202);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
