import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCookies, type ReviewRequest, type ReviewResponse } from '../review-page/review-http.js';

const MAX_BODY_BYTES = 65_536;

async function requestOf(message: IncomingMessage): Promise<ReviewRequest> {
  const url = new URL(message.url ?? '/', 'http://local');
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of message) {
    length += (chunk as Buffer).length;
    if (length <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(message.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    cookies: parseCookies(headers.get('cookie')),
    body: length > MAX_BODY_BYTES ? '' : Buffer.concat(chunks).toString('utf8'),
  };
}

function send(out: ServerResponse, response: ReviewResponse): void {
  const body = Buffer.from(response.body, 'utf8');
  out.writeHead(response.status, {
    ...response.headers,
    'content-length': String(body.length),
    ...(response.cookies.length > 0 ? { 'set-cookie': response.cookies } : {}),
  });
  out.end(body);
}

export interface ReviewServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The review page on loopback: the same request handler as in Lambda, behind node's HTTP server
 * instead of API Gateway. `appOf` gets the server's URL (the page's links and the sign-in's
 * redirect URI need it) once it listens.
 */
export async function startReviewServer(
  appOf: (url: string) => (request: ReviewRequest) => Promise<ReviewResponse>,
  port = 0,
): Promise<ReviewServer> {
  let app: ((request: ReviewRequest) => Promise<ReviewResponse>) | undefined;
  const server = createServer((message, out) => {
    requestOf(message)
      .then((request) => (app ? app(request) : Promise.reject(new Error('not started'))))
      .then((response) => send(out, response))
      .catch((error: unknown) => {
        process.stderr.write(`review page: ${error instanceof Error ? error.message : String(error)}\n`);
        if (!out.headersSent) {
          out.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          out.end('The review page could not answer.');
        } else out.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  app = appOf(url);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
