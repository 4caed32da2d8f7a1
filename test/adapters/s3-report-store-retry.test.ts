import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ReportStore } from '../../functions/adapters/s3-report-store.js';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';

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

/**
 * A client whose next PutObject requests are cut: `lose` of them after S3 stored them (the answer
 * lost), `drop` of them before they reached S3.
 */
function clientLosingAnswers() {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const state = { lose: 0, drop: 0, sent: 0 };
  const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutObjectCommand') return next(args);
      state.sent += 1;
      if (state.drop > 0) {
        state.drop -= 1;
        throw reset();
      }
      const result = await next(args);
      if (state.lose === 0) return result;
      state.lose -= 1;
      throw reset();
    },
    { step: 'deserialize', name: 'loseAnswer' },
  );
  const store = createS3ReportStore({ client, bucket: BUCKET, region: 'us-east-1', endpoint: s3.endpoint });
  return { client, store, state };
}

describe('the S3 report store when the SDK re-sends a conditional put', () => {
  it('counts a create whose answer was lost as written, and a key another writer holds as not', async () => {
    const { client, store, state } = clientLosingAnswers();
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
    const { client, store, state } = clientLosingAnswers();
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
