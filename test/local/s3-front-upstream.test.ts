import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectVersions } from '../../functions/local/s3/object-versions.js';
import { createS3Front } from '../../functions/local/s3/s3-front.js';

/*
 * The S3 stand-in's front over an upstream that misbehaves as s3rver can: a connection it answered
 * on is closed as its keep-alive timeout passes, and a request that reaches it then is dropped
 * ("socket hang up"). With the benchmark's process busy for seconds (a 10M-record heap's GC), every
 * kept-alive connection to s3rver was such a connection.
 */

const BUCKET = 'front-upstream';
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
};

/**
 * A minimal object store speaking s3rver's answers (HEAD, PUT, DELETE). `drop` decides, per request,
 * whether its connection is cut instead of answered; `connections` counts what reached it.
 */
async function upstream(drop: (request: { socket: Socket; served: boolean }) => boolean) {
  const objects = new Map<string, Buffer>();
  const served = new WeakSet<Socket>();
  const seen = { connections: 0, requests: 0 };
  const server = createServer((request, response) => {
    seen.requests += 1;
    if (drop({ socket: request.socket, served: served.has(request.socket) })) {
      request.socket.destroy();
      return;
    }
    served.add(request.socket);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const stored = objects.get(path);
      if (request.method === 'PUT') objects.set(path, Buffer.concat(chunks));
      if (request.method === 'DELETE') objects.delete(path);
      const found = request.method === 'PUT' || request.method === 'DELETE' || stored !== undefined;
      response.writeHead(request.method === 'DELETE' ? 204 : found ? 200 : 404, {
        etag: '"0123456789abcdef0123456789abcdef"',
        'content-length': String(request.method === 'HEAD' ? (stored?.length ?? 0) : 0),
      });
      response.end();
    });
  });
  server.on('connection', () => {
    seen.connections += 1;
  });
  return { port: await listen(server), seen };
}

async function frontOver(upstreamPort: number) {
  const archive = await mkdtemp(join(tmpdir(), 's3-front-upstream-'));
  closers.push(() => rm(archive, { recursive: true, force: true }));
  const front = createS3Front({
    upstreamPort,
    bucket: BUCKET,
    versions: new ObjectVersions(),
    archive,
    policy: { enforced: true, streamDelivery: true },
  });
  const port = await listen(front);
  // One attempt: what the front answers is the outcome, not what a retry hides.
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
  });
  closers.push(async () => client.destroy());
  return client;
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: S3ServiceException) => `${error.name} (${error.$metadata?.httpStatusCode})`,
  );

describe("the S3 stand-in's front and its upstream", () => {
  it('stores objects when s3rver closes every connection it answered on: none is used twice', async () => {
    const store = await upstream(({ served }) => served);
    const client = await frontOver(store.port);
    for (const key of ['stream/events/a.gz', 'stream/events/b.gz', 'stream/events/a.gz']) {
      expect(await outcome(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' })))).toBe(
        'ok',
      );
    }
    // Every look at the key, write and copy of an overwritten version came on a connection of its own.
    expect(store.seen.connections).toBe(store.seen.requests);
  });

  it('answers 500 InternalError when s3rver fails under a write or a delete, and stays up', async () => {
    const store = await upstream(() => true);
    const client = await frontOver(store.port);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const put = client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'stream/events/c.gz', Body: 'x' }));
      expect(await outcome(put)).toBe('InternalError (500)');
      const del = client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'stream/events/c.gz' }));
      expect(await outcome(del)).toBe('InternalError (500)');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  }, 15_000);
});
