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

/** A function the stand-in runs on a synchronous invoke (`RequestResponse`): its answer or its error. */
export type SynchronousFunction = (payload: unknown) => Promise<unknown>;

/**
 * Accepts Lambda `Invoke` with `X-Amz-Invocation-Type: Event` (REST-JSON:
 * `POST /2015-03-31/functions/{name}/invocations`, answered 202) and queues the payload, so a test
 * can play Lambda's part and deliver it to the handler. A synchronous invoke of one of `functions`
 * runs it and answers as Lambda does: 200 with its JSON result, or 200 with
 * `X-Amz-Function-Error: Unhandled` and `{ errorType, errorMessage }` when it throws.
 */
export async function startLambdaInvokeStandIn(
  functions: ReadonlyMap<string, SynchronousFunction> = new Map(),
): Promise<LambdaInvokeStandIn> {
  const queued: QueuedInvocation[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      const type = request.headers['x-amz-invocation-type'] ?? 'RequestResponse';
      const run = match?.[1] ? functions.get(decodeURIComponent(match[1])) : undefined;
      if (request.method === 'POST' && run && type === 'RequestResponse') {
        void answerSynchronously(run, Buffer.concat(chunks), response);
        return;
      }
      if (request.method !== 'POST' || !match?.[1] || type !== 'Event') {
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

async function answerSynchronously(
  run: SynchronousFunction,
  body: Buffer,
  response: import('node:http').ServerResponse,
): Promise<void> {
  try {
    const result = await run(JSON.parse(body.toString('utf8')));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result ?? null));
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
    response.end(JSON.stringify({ errorType: name, errorMessage: message }));
  }
}
