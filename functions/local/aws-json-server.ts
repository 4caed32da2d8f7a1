import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a stand-in answers one request with: the HTTP status and the body to send as JSON. */
export interface AwsJsonAnswer {
  status: number;
  body: unknown;
}

/** A running AWS JSON 1.1 stand-in server. */
export interface AwsJsonServer {
  /** `http://127.0.0.1:<port>`, for the SDK's `AWS_ENDPOINT_URL_<SERVICE>`. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Serves the AWS JSON 1.1 protocol on loopback, on an ephemeral port: each request's
 * `X-Amz-Target` and its whole body (text) go to `answer`, whose reply is sent as
 * `application/x-amz-json-1.1`. The stand-ins of EventBridge, Secrets Manager and Athena speak through it.
 */
export async function startAwsJsonServer(
  answer: (target: IncomingHttpHeaders[string], body: string) => AwsJsonAnswer,
): Promise<AwsJsonServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, body } = answer(
        request.headers['x-amz-target'],
        Buffer.concat(chunks).toString('utf8'),
      );
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
