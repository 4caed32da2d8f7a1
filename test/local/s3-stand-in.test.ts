import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';

const BUCKET = 'stand-in-policy';
let s3: S3StandIn;
let dir: string;
let client: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 's3-stand-in-'));
  s3 = await startS3StandIn(dir, BUCKET);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  client?.destroy();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The error S3 answered, as `Code (status)`, or 'ok'. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: S3ServiceException) => `${error.name} (${error.$metadata?.httpStatusCode})`,
  );

const put = (Key: string, Body: string, extra: { IfNoneMatch?: string; IfMatch?: string } = {}) =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ...extra }));

const read = async (Key: string, VersionId?: string) => {
  const answer = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId }));
  return answer.Body?.transformToString();
};

const versionsOf = async (Prefix: string) => {
  const answer = await client.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix }));
  return {
    versions: (answer.Versions ?? []).map((v) => ({ key: v.Key, id: v.VersionId, latest: v.IsLatest })),
    markers: (answer.DeleteMarkers ?? []).map((m) => ({ key: m.Key, id: m.VersionId, latest: m.IsLatest })),
  };
};

describe('the S3 stand-in behind the evidence bucket policy', () => {
  it('refuses an unconditional put under reports/ with 403 and a second create with 412', async () => {
    const key = 'reports/P/2026-W47/report.html';
    expect(await outcome(put(key, 'one'))).toBe('AccessDenied (403)');
    expect(await outcome(put(key, 'one', { IfNoneMatch: '*' }))).toBe('ok');
    expect(await outcome(put(key, 'two', { IfNoneMatch: '*' }))).toBe('PreconditionFailed (412)');
    expect(await read(key)).toBe('one');
    // The whole bucket is write-once: only the mutable records under reports/ may be replaced.
    expect(await outcome(put('elsewhere.txt', 'x'))).toBe('AccessDenied (403)');
    expect(await outcome(put('elsewhere.txt', 'x', { IfNoneMatch: '*' }))).toBe('ok');
  });

  it("takes unconditional writes under stream/ only, as the stack's Firehose makes them", async () => {
    const key = 'stream/events/dt=2026-11-23/DescopeAuditStream-1-2026-11-23-10-00-00-00000001.gz';
    expect(await outcome(put(key, 'one'))).toBe('ok');
    expect(await read(key)).toBe('one');
    expect(await outcome(put('streams/x.gz', 'one'))).toBe('AccessDenied (403)');
    expect(await outcome(put('reports/P/2026-W47/stream/x.gz', 'one'))).toBe('AccessDenied (403)');
  });

  it('lets the mutable keys be replaced with If-Match only', async () => {
    const key = 'reports/P/2026-W47/tenants/T1/delivery.json';
    const created = await put(key, '{"status":"sending"}', { IfNoneMatch: '*' });
    expect(await outcome(put(key, '{"status":"sent"}'))).toBe('AccessDenied (403)');
    expect(await outcome(put(key, '{}', { IfMatch: '"not-it"' }))).toBe('PreconditionFailed (412)');
    expect(await outcome(put(key, '{"status":"sent"}', { IfMatch: created.ETag ?? '' }))).toBe('ok');
    // If-Match on a write-once key is refused by the policy, whatever its value.
    const sealed = 'reports/P/2026-W47/summary.json';
    const first = await put(sealed, '{}', { IfNoneMatch: '*' });
    expect(await outcome(put(sealed, '{"x":1}', { IfMatch: first.ETag ?? '' }))).toBe('AccessDenied (403)');
  });

  it('refuses deletes and copies under reports/ as the policy does', async () => {
    const key = 'reports/P/2026-W47/lockouts.csv';
    await put(key, 'a\n', { IfNoneMatch: '*' });
    expect(await outcome(client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key })))).toBe(
      'AccessDenied (403)',
    );
    const copy = (IfNoneMatch?: string) =>
      client.send(
        new CopyObjectCommand({
          Bucket: BUCKET,
          Key: 'reports/P/2026-W48/lockouts.csv',
          CopySource: `${BUCKET}/${key}`,
          IfNoneMatch,
        }),
      );
    expect(await outcome(copy())).toBe('AccessDenied (403)');
    expect(await outcome(copy('*'))).toBe('NotImplemented (501)');
  });

  it('lists each version with the ETag and size S3 reports for its bytes (plain, replaced, empty)', async () => {
    const key = 'reports/P/2026-W45/delivery.json';
    const first = await put(key, '{"status":"pending"}', { IfNoneMatch: '*' });
    const head = (Key: string) => client.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
    const firstHead = await head(key);
    await put(key, '{"status":"sent to üñí"}', { IfMatch: first.ETag ?? '' });
    const secondHead = await head(key);
    await put('stream/empty.json', '');
    const listed = async (Prefix: string) =>
      (await client.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix }))).Versions?.map((v) => ({
        etag: v.ETag,
        size: v.Size,
      }));
    expect(await listed(key)).toEqual([
      { etag: secondHead.ETag, size: Buffer.byteLength('{"status":"sent to üñí"}') },
      { etag: firstHead.ETag, size: firstHead.ContentLength },
    ]);
    expect(secondHead.ContentLength).toBe(Buffer.byteLength('{"status":"sent to üñí"}'));
    expect(await listed('stream/empty.json')).toEqual([
      { etag: (await head('stream/empty.json')).ETag, size: 0 },
    ]);
  });

  it('keeps every version: without the policy a delete and a new put stay visible in ListObjectVersions', async () => {
    const key = 'reports/P/2026-W46/manifest.json';
    const sealed = await put(key, 'sealed', { IfNoneMatch: '*' });
    s3.bucketPolicy.enforced = false;
    try {
      const marker = await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(marker.DeleteMarker).toBe(true);
      const forged = await put(key, 'forged', { IfNoneMatch: '*' });
      expect(await read(key)).toBe('forged');
      expect(await read(key, sealed.VersionId)).toBe('sealed');
      expect(await versionsOf('reports/P/2026-W46/')).toEqual({
        versions: [
          { key, id: forged.VersionId, latest: true },
          { key, id: sealed.VersionId, latest: false },
        ],
        markers: [{ key, id: marker.VersionId, latest: false }],
      });
    } finally {
      s3.bucketPolicy.enforced = true;
    }
  });

  it('deletes in batches as S3 does: refused under reports/ by the policy, delete markers without it', async () => {
    const keys = ['reports/P/batch/a', 'reports/P/batch/b'];
    for (const key of keys) await put(key, key, { IfNoneMatch: '*' });
    const Delete = { Objects: keys.map((Key) => ({ Key })) };
    const refused = await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete }));
    expect(refused.Errors?.map((e) => [e.Key, e.Code])).toEqual(keys.map((k) => [k, 'AccessDenied']));
    s3.bucketPolicy.enforced = false;
    try {
      const done = await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete }));
      expect(done.Deleted?.map((d) => [d.Key, d.DeleteMarker])).toEqual(keys.map((k) => [k, true]));
    } finally {
      s3.bucketPolicy.enforced = true;
    }
    expect((await versionsOf('reports/P/batch/')).markers).toHaveLength(2);
    expect(await outcome(put('reports/P/batch/a', 'again', { IfNoneMatch: '*' }))).toBe('ok');
  });

  it('pages ListObjectVersions with key and version markers', async () => {
    for (const n of [1, 2, 3]) await put(`reports/P/paged/f${n}`, `${n}`, { IfNoneMatch: '*' });
    const keys: string[] = [];
    let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (;;) {
      const page = await client.send(
        new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'reports/P/paged/', MaxKeys: 2, ...markers }),
      );
      keys.push(...(page.Versions ?? []).map((v) => v.Key ?? ''));
      if (!page.IsTruncated) break;
      markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
    }
    expect(keys).toEqual(['reports/P/paged/f1', 'reports/P/paged/f2', 'reports/P/paged/f3']);
  });

  it('applies If-None-Match and the policy to a multipart upload at CompleteMultipartUpload', async () => {
    const body = Buffer.alloc(6 * 1024 * 1024, 7);
    const upload = (Key: string, IfNoneMatch?: string) =>
      new Upload({
        client,
        params: { Bucket: BUCKET, Key, Body: body, IfNoneMatch },
        partSize: 5 * 1024 * 1024,
      }).done();
    const key = 'reports/P/2026-W47/evidence/big.ndjson.gz';
    expect(await outcome(upload(key))).toBe('AccessDenied (403)');
    expect(await outcome(upload(key, '*'))).toBe('ok');
    expect(await outcome(upload(key, '*'))).toBe('PreconditionFailed (412)');
    expect((await versionsOf(key)).versions).toHaveLength(1);
  });
});
