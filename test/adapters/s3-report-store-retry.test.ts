import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';
import { clientLosingAnswers } from '../support/lossy-s3-client.js';

/*
 * A conditional put the SDK sends twice: the first is stored, its answer lost (the connection reset
 * on the way back), and the SDK re-sends it, as it does for a reset. S3 then refuses the second
 * (the first made its condition false). The run wrote it all the same and must say so.
 */

const BUCKET = 'retried-puts';
let dir: string;
let s3: S3StandIn;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-report-store-retry-'));
  s3 = await startS3StandIn(dir, BUCKET);
});

afterAll(async () => {
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const lossyClient = () => clientLosingAnswers(s3.endpoint, BUCKET);

describe('the S3 report store when the SDK re-sends a conditional put', () => {
  it('counts a create whose answer was lost as written, and a key another writer holds as not', async () => {
    const { client, store, state } = lossyClient();
    try {
      const key = 'reports/P2retry/2026-W10/run-lock.json';
      state.lose = 1;
      const created = await store.putIf(key, '{"runId":"a"}\n', 'application/json', { ifNoneMatch: '*' });
      expect(state.sent).toBe(2);
      expect(created).toEqual({ written: true, etag: (await store.getVersioned(key))?.etag });

      // Re-sent after a reset before S3 saw it, the create meets the first run's lock: not written.
      state.drop = 1;
      const other = await store.putIf(key, '{"runId":"b"}\n', 'application/json', { ifNoneMatch: '*' });
      expect(state.sent).toBe(4);
      expect(other).toEqual({ written: false });
      expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('{"runId":"a"}\n');
    } finally {
      client.destroy();
    }
  });

  it('counts a replacement (If-Match) whose answer was lost as written, with the new ETag', async () => {
    const { client, store, state } = lossyClient();
    try {
      const key = 'reports/P2retry/2026-W11/run-lock.json';
      const first = await store.putIf(key, '{"renewed":1}\n', 'application/json', { ifNoneMatch: '*' });
      if (!first.written) throw new Error('the first write must happen');
      state.lose = 1;
      const renewed = await store.putIf(key, '{"renewed":2}\n', 'application/json', { ifMatch: first.etag });
      const stored = await store.getVersioned(key);
      expect(Buffer.from(stored?.body ?? []).toString()).toBe('{"renewed":2}\n');
      expect(renewed).toEqual({ written: true, etag: stored?.etag });
      expect(stored?.etag).not.toBe(first.etag);
    } finally {
      client.destroy();
    }
  });
});

describe('the S3 report store when the SDK re-sends a streamed create', () => {
  const streamed = (bytes: Buffer) => Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]);

  it('counts a streamed put whose answer was lost as written when the stored bytes are its own', async () => {
    const { client, store, state } = lossyClient();
    try {
      const key = 'reports/P2retry/2026-W12/evidence/failed-logins/part-00001.ndjson.gz';
      const body = Buffer.from('{"id":"r1"}\n{"id":"r2"}\n');
      state.lose = 1;
      expect(await store.putStreamIfAbsent(key, streamed(body), 'application/gzip')).toEqual({
        written: true,
      });
      expect(state.sent).toBe(2);
      expect(Buffer.from((await store.get(key)) ?? []).equals(body)).toBe(true);

      // Another writer's bytes at the key (a re-sent create that met them) are not this put's.
      state.drop = 1;
      const other = Buffer.from('{"id":"r1"}\n{"id":"r3"}\n');
      expect(await store.putStreamIfAbsent(key, streamed(other), 'application/gzip')).toEqual({
        written: false,
      });
      expect(state.sent).toBe(4);
      // A prefix of the stored bytes is not them either: length and SHA-256 are both compared.
      state.drop = 1;
      expect(await store.putStreamIfAbsent(key, streamed(body.subarray(0, 12)), 'application/gzip')).toEqual({
        written: false,
      });
      expect(Buffer.from((await store.get(key)) ?? []).equals(body)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('counts a multipart create whose completion answer was lost as written', async () => {
    const { client, store, state } = lossyClient();
    try {
      const key = 'reports/P2retry/2026-W13/evidence/logins/part-00001.ndjson.gz';
      // Past lib-storage's 5 MiB part size: the condition rides on CompleteMultipartUpload.
      const body = Buffer.alloc(6 * 1024 * 1024 + 5, 'x');
      state.lose = 1;
      expect(await store.putStreamIfAbsent(key, Readable.from([body]), 'application/gzip')).toEqual({
        written: true,
      });
      expect(state.sent).toBe(2);
      expect((await store.get(key))?.length).toBe(body.length);
    } finally {
      client.destroy();
    }
  }, 60_000);
});
