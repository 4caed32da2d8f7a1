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
});
