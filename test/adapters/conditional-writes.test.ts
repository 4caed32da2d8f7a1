import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryReportStore } from '../../functions/adapters/directory-report-store.js';
import type { ReportStore } from '../../functions/adapters/report-store.js';
import { createS3ReportStore } from '../../functions/adapters/s3-report-store.js';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';

const BUCKET = 'conditional-writes';
let s3: S3StandIn;
let s3Dir: string;
let folder: string;
const stores: Array<[string, () => ReportStore]> = [];

beforeAll(async () => {
  s3Dir = await mkdtemp(join(tmpdir(), 'cond-s3-'));
  folder = await mkdtemp(join(tmpdir(), 'cond-dir-'));
  s3 = await startS3StandIn(s3Dir, BUCKET);
});

afterAll(async () => {
  await s3?.close();
  await rm(s3Dir, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

const s3Store = () =>
  createS3ReportStore({
    client: new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    bucket: BUCKET,
    region: 'us-east-1',
  });
stores.push(['S3 (s3rver behind the conditional-write front)', s3Store]);
stores.push(['a folder', () => createDirectoryReportStore(folder)]);

describe.each(stores)('conditional writes in %s', (_name, makeStore) => {
  it('creates a key only once with ifNoneMatch "*", and overwrites only with the current ETag', async () => {
    const store = makeStore();
    const key = `reports/P/${Math.random().toString(36).slice(2)}/run-lock.json`;
    const first = await store.putIf(key, 'one', 'application/json', { ifNoneMatch: '*' });
    expect(first.written).toBe(true);
    expect(await store.putIf(key, 'two', 'application/json', { ifNoneMatch: '*' })).toEqual({
      written: false,
    });
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('one');

    const current = await store.getVersioned(key);
    expect(current?.etag).toBe(first.written ? first.etag : '');
    expect(await store.putIf(key, 'three', 'application/json', { ifMatch: '"not-the-etag"' })).toEqual({
      written: false,
    });
    const swapped = await store.putIf(key, 'four', 'application/json', { ifMatch: current?.etag ?? '' });
    expect(swapped.written).toBe(true);
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe('four');
    // The old ETag no longer matches.
    expect(await store.putIf(key, 'five', 'application/json', { ifMatch: current?.etag ?? '' })).toEqual({
      written: false,
    });
  });

  it('refuses ifMatch on a key that does not exist', async () => {
    const store = makeStore();
    expect(
      await store.putIf('reports/P/absent/run-lock.json', 'x', 'text/plain', { ifMatch: '"abc"' }),
    ).toEqual({
      written: false,
    });
    expect(await store.get('reports/P/absent/run-lock.json')).toBeUndefined();
  });

  it('lets exactly one of many concurrent writers create the key', async () => {
    const store = makeStore();
    const key = 'reports/contended.json';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.putIf(key, `writer ${i}`, 'text/plain', { ifNoneMatch: '*' }),
      ),
    );
    const winners = results.flatMap((r, i) => (r.written ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(Buffer.from((await store.get(key)) ?? []).toString()).toBe(`writer ${winners[0]}`);
  });
});
