import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the sink received: what a Slack, Teams or webhook endpoint would have been sent. */
export interface CapturedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface WebhookSink {
  /** `http://127.0.0.1:<port>`; any path is accepted (`/slack/…`, `/teams/…`, `/hooks/…`). */
  url: string;
  /** Every POST received, in order. */
  requests(): CapturedRequest[];
  /** The next `count` requests to `path` are answered with `status` (to exercise retries). */
  failNext(path: string, count: number, status: number): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP endpoint that records each POST and answers 200 `ok` (as Slack's incoming
 * webhooks do; Teams workflows answer 202), so `npm start` and the tests see the messages the
 * channels would send.
 */
export async function startWebhookSink(): Promise<WebhookSink> {
  const captured: CapturedRequest[] = [];
  const failures = new Map<string, { count: number; status: number }>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const failing = failures.get(path);
      if (failing && failing.count > 0) {
        failing.count -= 1;
        response.writeHead(failing.status, { 'content-type': 'text/plain' });
        response.end('failing on purpose');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string') headers[name] = value;
      captured.push({ path, headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() });
      response.writeHead(path.startsWith('/teams') ? 202 : 200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => [...captured],
    failNext(path, count, status) {
      failures.set(path, { count, status });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
