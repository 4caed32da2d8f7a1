import { createWriteStream } from 'node:fs';
import {
  Agent,
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream/promises';
import { sendError } from './s3-responses.js';

/*
 * Every request to s3rver opens a connection of its own. A kept-alive connection (Node's global
 * agent keeps them) goes stale when s3rver closes it after its 5 s keep-alive timeout; when the
 * process was busy past that (a long GC, seconds of synchronous work), the front picked such a
 * connection before it had seen the close, and the request failed with `socket hang up`. A
 * loopback connection costs well under a millisecond; a stale one cost the run.
 */
const fresh = new Agent({ keepAlive: false });

/** An HTTP request to s3rver on `port`, on a connection of its own. */
export function upstreamRequest(
  port: number,
  options: { method: string; path: string; headers?: OutgoingHttpHeaders },
  answered: (answer: IncomingMessage) => void,
): ClientRequest {
  const headers = { ...options.headers, connection: 'close' };
  return httpRequest({ host: '127.0.0.1', port, agent: fresh, ...options, headers }, answered);
}

/** The object's ETag and size as s3rver reports them, or `undefined` when it does not exist. */
export function headObject(port: number, path: string): Promise<{ etag: string; size: number } | undefined> {
  return new Promise((resolve, reject) => {
    const head = upstreamRequest(port, { method: 'HEAD', path }, (answer) => {
      answer.resume();
      const etag = answer.headers.etag;
      resolve(
        answer.statusCode === 200 && typeof etag === 'string'
          ? { etag, size: Number(answer.headers['content-length'] ?? 0) }
          : undefined,
      );
    });
    head.on('error', reject);
    head.end();
  });
}

/** Copies the current object at `path` into `file` (kept as a noncurrent version's bytes). */
export function downloadObject(port: number, path: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const get = upstreamRequest(port, { method: 'GET', path }, (answer) => {
      pipeline(answer, createWriteStream(file)).then(resolve, reject);
    });
    get.on('error', reject);
    get.end();
  });
}

/**
 * Forwards the request to s3rver and its answer back. `amend` runs once s3rver answered and before
 * the answer is passed on (the write is done by then), seeing its status and headers: the headers it
 * returns are added to it.
 */
export function proxy(
  port: number,
  request: IncomingMessage,
  response: ServerResponse,
  path = request.url,
  amend?: (status: number, answer: IncomingMessage) => Promise<Record<string, string>>,
): Promise<void> {
  return new Promise((resolve) => {
    const forwarded = upstreamRequest(
      port,
      { method: request.method ?? 'GET', path: path ?? '/', headers: request.headers },
      (answer) => {
        const status = answer.statusCode ?? 502;
        (amend ? amend(status, answer) : Promise.resolve({})).then(
          (extra) => {
            response.writeHead(status, { ...answer.headers, ...extra });
            answer.pipe(response);
            answer.on('end', resolve);
            answer.on('error', () => resolve());
          },
          (error: unknown) => {
            answer.resume();
            sendError(response, 500, 'InternalError', String(error));
            resolve();
          },
        );
      },
    );
    forwarded.on('error', (error) => {
      // S3's answer to a failure under a request (a client retries it): 500 InternalError.
      if (!response.headersSent) sendError(response, 500, 'InternalError', error.message);
      else response.destroy();
      resolve();
    });
    request.pipe(forwarded);
  });
}
