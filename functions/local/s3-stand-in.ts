import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { isListV2, listV2ThroughV1 } from './s3-list-v2.js';

export interface S3StandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_S3`. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * s3rver on loopback with `bucket` (and `otherBuckets`) created, files under `directory`, behind a small front that
 * gives it S3's conditional writes. It accepts the access key `S3RVER` / secret `S3RVER`.
 *
 * s3rver 3.7 ignores `If-None-Match` and `If-Match` on `PutObject` (it honours them on reads
 * only), so a lock taken with `If-None-Match: *` would always "succeed". The front answers those
 * PUTs as S3 does (and serves ListObjectsV2 through s3rver's version 1 listing, see s3-list-v2.ts): 412 `PreconditionFailed` when the object exists (`*`) or its ETag differs
 * (`If-Match`; a missing object answers 404 `NoSuchKey`). Every write to one key passes through
 * the front one at a time, so the check and the write are atomic; everything else is proxied as is.
 */
export async function startS3StandIn(
  directory: string,
  bucket: string,
  otherBuckets: readonly string[] = [],
): Promise<S3StandIn> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [bucket, ...otherBuckets].map((name) => ({ name, configs: [] })),
  });
  const upstream = (await server.run()) as AddressInfo;
  const front = createConditionalWriteFront(upstream.port);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await server.close();
    },
  };
}

const WRITES = new Set(['PUT', 'POST', 'DELETE']);

function createConditionalWriteFront(upstreamPort: number) {
  /** The tail of the queue of writes per object path. */
  const queues = new Map<string, Promise<void>>();
  const serialised = (path: string, work: () => Promise<void>) => {
    const previous = queues.get(path) ?? Promise.resolve();
    const next = previous.then(work, work);
    queues.set(path, next);
    void next.finally(() => {
      if (queues.get(path) === next) queues.delete(path);
    });
    return next;
  };

  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (isListV2(request)) {
      listV2ThroughV1(upstreamPort, request, response);
      return;
    }
    if (!WRITES.has(request.method ?? '')) {
      void proxy(upstreamPort, request, response);
      return;
    }
    void serialised(path, async () => {
      const condition = preconditionOf(request);
      if (condition) {
        const current = await currentEtag(upstreamPort, path);
        const failure = evaluate(condition, current);
        if (failure) {
          request.resume();
          sendError(response, failure.status, failure.code, failure.message);
          return;
        }
      }
      await proxy(upstreamPort, request, response);
    });
  });
}

type Precondition = { ifNoneMatch: string } | { ifMatch: string };

function preconditionOf(request: IncomingMessage): Precondition | undefined {
  if (request.method !== 'PUT') return undefined;
  const noneMatch = request.headers['if-none-match'];
  const match = request.headers['if-match'];
  if (typeof noneMatch === 'string') return { ifNoneMatch: noneMatch };
  if (typeof match === 'string') return { ifMatch: match };
  return undefined;
}

function evaluate(condition: Precondition, current: string | undefined) {
  if ('ifNoneMatch' in condition) {
    if (current === undefined) return undefined;
    if (condition.ifNoneMatch === '*' || condition.ifNoneMatch === current) {
      return {
        status: 412,
        code: 'PreconditionFailed',
        message: 'At least one of the pre-conditions you specified did not hold',
      };
    }
    return undefined;
  }
  if (current === undefined) {
    return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
  }
  if (condition.ifMatch !== '*' && condition.ifMatch !== current) {
    return {
      status: 412,
      code: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
    };
  }
  return undefined;
}

/** The object's ETag as s3rver reports it (quoted), or `undefined` when it does not exist. */
function currentEtag(port: number, path: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const head = httpRequest({ host: '127.0.0.1', port, method: 'HEAD', path }, (answer) => {
      answer.resume();
      const etag = answer.headers.etag;
      resolve(answer.statusCode === 200 && typeof etag === 'string' ? etag : undefined);
    });
    head.on('error', reject);
    head.end();
  });
}

function proxy(port: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const forwarded = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on('end', resolve);
        answer.on('error', () => resolve());
      },
    );
    forwarded.on('error', (error) => {
      if (!response.headersSent) sendError(response, 502, 'BadGateway', error.message);
      else response.destroy();
      resolve();
    });
    request.pipe(forwarded);
  });
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
