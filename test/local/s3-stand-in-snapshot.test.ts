import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const BUCKET = 'evidence';
const OTHER = 'landing';
let work: string;
let first: S3StandIn;
let snapshot: string;
const started: Array<{ s3: S3StandIn; client: S3Client }> = [];

/** A stand-in started from the snapshot, with the objects `keep` chooses. */
async function restored(keep?: (bucket: string, key: string) => boolean) {
  const s3 = await startS3StandIn(await mkdtemp(join(work, 'restored-')), BUCKET, [OTHER], {
    snapshot,
    keep,
  });
  const client = standInS3Client(s3.endpoint);
  started.push({ s3, client });
  return { s3, client };
}

const text = async (client: S3Client, Bucket: string, Key: string) =>
  (await client.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToString();
const keys = async (client: S3Client, Bucket: string) =>
  ((await client.send(new ListObjectsV2Command({ Bucket }))).Contents ?? []).map((o) => o.Key);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 's3-snapshot-'));
  first = await startS3StandIn(join(work, 'first'), BUCKET, [OTHER]);
  const client = standInS3Client(first.endpoint);
  const put = (Bucket: string, Key: string, Body: string) =>
    client.send(new PutObjectCommand({ Bucket, Key, Body, IfNoneMatch: '*' }));
  await put(BUCKET, 'reports/P/2026-W47/manifest.json', '{"period":"2026-W47"}');
  await put(BUCKET, 'reports/P/days/2026-11-16/summary.json', '{"day":"2026-11-16"}');
  await put(OTHER, 'stream/part-1.json.gz', 'records');
  snapshot = join(work, 'snapshot');
  await first.snapshot(snapshot);
  client.destroy();
});

afterAll(async () => {
  for (const { s3, client } of started) {
    client.destroy();
    await s3.close();
  }
  await first?.close();
  await rm(work, { recursive: true, force: true });
});

describe('an S3 stand-in started from a snapshot of another', () => {
  it('holds its objects, in every bucket, with their bytes', async () => {
    const { client } = await restored();
    expect(await keys(client, BUCKET)).toEqual([
      'reports/P/2026-W47/manifest.json',
      'reports/P/days/2026-11-16/summary.json',
    ]);
    expect(await text(client, BUCKET, 'reports/P/2026-W47/manifest.json')).toBe('{"period":"2026-W47"}');
    expect(await text(client, OTHER, 'stream/part-1.json.gz')).toBe('records');
  });

  it('holds only the objects chosen', async () => {
    const { client } = await restored((_, key) => !key.startsWith('reports/P/days/'));
    expect(await keys(client, BUCKET)).toEqual(['reports/P/2026-W47/manifest.json']);
  });

  it('lists each object as its first version, which the policy protects and an overwrite keeps', async () => {
    const { s3, client } = await restored();
    const Key = 'reports/P/2026-W47/manifest.json';
    const versions = async () =>
      (await client.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: Key }))).Versions ?? [];
    const [original] = await versions();
    expect(await versions()).toHaveLength(1);
    expect(original?.IsLatest).toBe(true);
    const refused = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'forged', IfNoneMatch: '*' }))
      .then(
        () => 'stored',
        (error: S3ServiceException) => error.name,
      );
    expect(refused).toBe('PreconditionFailed');
    s3.bucketPolicy.enforced = false;
    try {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'forged' }));
    } finally {
      s3.bucketPolicy.enforced = true;
    }
    expect((await versions()).map((v) => v.VersionId)).toContain(original?.VersionId);
    const old = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key, VersionId: original?.VersionId }),
    );
    expect(await old.Body?.transformToString()).toBe('{"period":"2026-W47"}');
  });

  it('leaves the snapshot as it was when a restored object changes', async () => {
    const { s3, client } = await restored();
    s3.bucketPolicy.enforced = false;
    try {
      await client.send(
        new PutObjectCommand({ Bucket: OTHER, Key: 'stream/part-1.json.gz', Body: 'changed' }),
      );
    } finally {
      s3.bucketPolicy.enforced = true;
    }
    const again = await restored();
    expect(await text(again.client, OTHER, 'stream/part-1.json.gz')).toBe('records');
  });
});
