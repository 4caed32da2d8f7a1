import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createS3ReportStore } from '../../functions/adapters/s3-report-store.js';
import { ReportStorageError } from '../../functions/shared/errors.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
// Other files in this worker use the real client.
afterAll(() => s3.restore());

const store = () =>
  createS3ReportStore({
    client: new S3Client({ region: 'eu-west-1' }),
    bucket: 'evidence',
    region: 'eu-west-1',
  });

describe('S3 report store', () => {
  it('creates objects with If-None-Match and their content type; an existing key is not written', async () => {
    s3.on(PutObjectCommand).resolvesOnce({ ETag: '"e1"' });
    expect(
      await store().putIf('reports/P/2026-W47/summary.json', '{}', 'application/json', { ifNoneMatch: '*' }),
    ).toEqual({ written: true, etag: '"e1"' });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'evidence',
      Key: 'reports/P/2026-W47/summary.json',
      ContentType: 'application/json',
      IfNoneMatch: '*',
    });
    s3.on(PutObjectCommand).rejects(
      Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    expect(await store().putIf('reports/x', 'a', 'text/plain', { ifNoneMatch: '*' })).toEqual({
      written: false,
    });
  });

  it('turns a refused put into ReportStorageError naming the object', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(store().putIf('reports/x', 'a', 'text/plain', { ifNoneMatch: '*' })).rejects.toThrow(
      new ReportStorageError('Could not store s3://evidence/reports/x: AccessDenied: Access Denied'),
    );
  });

  it('lists every page of a prefix, sorted', async () => {
    s3.on(ListObjectsV2Command, { Prefix: 'reports/P/', ContinuationToken: undefined }).resolves({
      Contents: [{ Key: 'reports/P/b', Size: 2 }],
      IsTruncated: true,
      NextContinuationToken: 't',
    });
    s3.on(ListObjectsV2Command, { Prefix: 'reports/P/', ContinuationToken: 't' }).resolves({
      Contents: [{ Key: 'reports/P/a', Size: 1 }],
    });
    expect(await store().list('reports/P/')).toEqual([
      { key: 'reports/P/a', bytes: 1 },
      { key: 'reports/P/b', bytes: 2 },
    ]);
  });

  it('checks existence by listing the exact key, so a missing key is not a 403', async () => {
    s3.on(ListObjectsV2Command, { Prefix: 'reports/a/delivery.json' }).resolves({
      Contents: [{ Key: 'reports/a/delivery.json.bak' }],
    });
    await expect(store().get('reports/a/delivery.json')).resolves.toBeUndefined();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('reads an existing object', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'reports/a/delivery.json' }] });
    s3.on(GetObjectCommand).resolves({
      Body: { transformToByteArray: async () => new TextEncoder().encode('{"sentAt":"x"}') } as never,
    });
    const body = await store().get('reports/a/delivery.json');
    expect(new TextDecoder().decode(body)).toBe('{"sentAt":"x"}');
  });

  it('links to the S3 console, or to a custom endpoint when one is configured', () => {
    expect(store().describe('reports/P/2026-W47/').browseUrl).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/evidence?prefix=reports%2FP%2F2026-W47%2F&region=eu-west-1',
    );
    const local = createS3ReportStore({
      client: new S3Client({}),
      bucket: 'b',
      region: 'r',
      endpoint: 'http://127.0.0.1:4568/',
    });
    expect(local.describe('reports/P/W/').browseUrl).toBe('http://127.0.0.1:4568/b/reports/P/W/report.html');
  });

  const failure = (name: string, status: number, message = name) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('treats a conflicting write, and If-Match on a key deleted meanwhile, as not written', async () => {
    s3.on(PutObjectCommand).rejects(failure('ConditionalRequestConflict', 409));
    expect(await store().putIf('reports/x', 'a', 'text/plain', { ifNoneMatch: '*' })).toEqual({
      written: false,
    });
    s3.on(PutObjectCommand).rejects(failure('NoSuchKey', 404));
    expect(await store().putIf('reports/x', 'a', 'text/plain', { ifMatch: '"e1"' })).toEqual({
      written: false,
    });
    expect(s3.commandCalls(PutObjectCommand).at(-1)?.args[0].input).toMatchObject({ IfMatch: '"e1"' });
    // Without If-Match a 404 is no condition failing: the bucket is gone.
    s3.on(PutObjectCommand).rejects(failure('NoSuchBucket', 404, 'The bucket does not exist'));
    await expect(store().putIf('reports/x', 'a', 'text/plain', { ifNoneMatch: '*' })).rejects.toThrow(
      'Could not store s3://evidence/reports/x: NoSuchBucket: The bucket does not exist',
    );
  });

  it('streams a new object only where none exists; another failure names the object', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"e1"' });
    expect(
      await store().putStreamIfAbsent('reports/big.csv', Readable.from([Buffer.from('a,b\n')]), 'text/csv'),
    ).toEqual({
      written: true,
    });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      IfNoneMatch: '*',
      Key: 'reports/big.csv',
    });
    s3.on(PutObjectCommand).rejects(failure('PreconditionFailed', 412));
    expect(
      await store().putStreamIfAbsent('reports/big.csv', Readable.from([Buffer.from('a')]), 'text/csv'),
    ).toEqual({
      written: false,
    });
    s3.on(PutObjectCommand).rejects(failure('AccessDenied', 403, 'Access Denied'));
    await expect(
      store().putStreamIfAbsent('reports/big.csv', Readable.from([Buffer.from('a')]), 'text/csv'),
    ).rejects.toThrow('Could not store s3://evidence/reports/big.csv: AccessDenied: Access Denied');
  });

  it('reads nothing for a key deleted between the listing and the read, and fails any other read error', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'reports/a.json' }] });
    s3.on(GetObjectCommand).rejects(failure('NoSuchKey', 404));
    expect(await store().get('reports/a.json')).toBeUndefined();
    s3.on(GetObjectCommand).rejects(failure('AccessDenied', 403, 'Access Denied'));
    await expect(store().getVersioned('reports/a.json')).rejects.toThrow(
      'Could not read s3://evidence/reports/a.json: AccessDenied: Access Denied',
    );
  });

  it('fails the existence check and the listing with the prefix named', async () => {
    s3.on(ListObjectsV2Command).rejects(failure('AccessDenied', 403, 'Access Denied'));
    await expect(store().get('reports/a.json')).rejects.toThrow(
      'Could not check s3://evidence/reports/a.json: AccessDenied: Access Denied',
    );
    await expect(store().list('reports/')).rejects.toThrow(
      'Could not list s3://evidence/reports/: AccessDenied',
    );
  });

  it('streams an existing object, nothing for a missing one, and fails a refused read', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'reports/other.json' }] });
    expect(await store().getStream('reports/a.json')).toBeUndefined();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'reports/a.json' }] });
    s3.on(GetObjectCommand).resolves({ Body: Readable.from([Buffer.from('hello')]) as never });
    const stream = await store().getStream('reports/a.json');
    const chunks: Buffer[] = [];
    for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk as Buffer));
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    s3.on(GetObjectCommand).rejects(failure('NoSuchKey', 404));
    expect(await store().getStream('reports/a.json')).toBeUndefined();
    s3.on(GetObjectCommand).rejects(failure('SlowDown', 503, 'Reduce your request rate'));
    await expect(store().getStream('reports/a.json')).rejects.toThrow(
      'Could not read s3://evidence/reports/a.json: SlowDown: Reduce your request rate',
    );
  });
});
