import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { byteFingerprint, type Fingerprint } from '../shared/byte-fingerprint.js';
import { describeError, ReportStorageError } from '../shared/errors.js';
import type { StoredObject } from './report-reader.js';
import type { ReportStore } from './report-store.js';

export interface S3ReportStoreOptions {
  client: S3Client;
  bucket: string;
  region: string;
  /** A custom S3 endpoint (`AWS_ENDPOINT_URL_S3`): links then point there, not to the AWS console. */
  endpoint?: string;
}

/** S3's answers to a conditional write whose condition does not hold (or races another one). */
function isPreconditionFailure(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return (
    e?.name === 'PreconditionFailed' ||
    e?.name === 'ConditionalRequestConflict' ||
    status === 412 ||
    status === 409
  );
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** How many times the SDK sent the request that ended in `error` (it re-sends after a lost answer). */
const attemptsOf = (error: unknown) =>
  (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;

const sameBytes = (stored: Uint8Array, sent: Uint8Array | string) =>
  Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).equals(
    typeof sent === 'string' ? Buffer.from(sent, 'utf8') : sent,
  );

/**
 * `body` through a fingerprint tap: `seen` gives its size and SHA-256 once all of it was read (the
 * upload read it to its end), else `undefined`.
 */
function fingerprintedBody(body: Readable) {
  const { tap, seen } = byteFingerprint();
  let ended = false;
  tap.on('end', () => {
    ended = true;
  });
  body.on('error', (error) => tap.destroy(error));
  body.pipe(tap);
  return { body: tap, seen: () => (ended ? seen() : undefined) };
}

/**
 * Report files in S3. The client comes from the caller, so the standard `AWS_ENDPOINT_URL_S3`
 * variable points it at any S3-compatible endpoint. Failures become `ReportStorageError`.
 */
export function createS3ReportStore({ client, bucket, region, endpoint }: S3ReportStoreOptions): ReportStore {
  const fail = (action: string, key: string, error: unknown) =>
    new ReportStorageError(
      `Could not ${action} s3://${bucket}/${key}: ${describeError(error, 'name: message')}`,
      {
        cause: error,
      },
    );
  const exists = async (key: string): Promise<boolean> => {
    try {
      const answer = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
      return answer.Contents?.[0]?.Key === key;
    } catch (error) {
      throw fail('check', key, error);
    }
  };
  const getVersioned = async (key: string) => {
    // Look before reading: without an unconditioned s3:ListBucket, S3 answers 403, not 404, for a
    // missing key, and the function's role may list only the reports prefix.
    if (!(await exists(key))) return undefined;
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
      return { body, etag: answer.ETag ?? '' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw fail('read', key, error);
    }
  };
  /** Size and SHA-256 of the object at `key`, read as a stream, or `undefined` when it is absent. */
  const storedFingerprint = async (key: string): Promise<Fingerprint | undefined> => {
    if (!(await exists(key))) return undefined;
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!(answer.Body instanceof Readable)) return undefined;
      const { tap, seen } = byteFingerprint();
      await pipeline(answer.Body, tap, async (bytes) => {
        for await (const chunk of bytes) void chunk;
      });
      return seen();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw fail('read', key, error);
    }
  };
  return {
    describe(prefix) {
      const query = new URLSearchParams({ prefix, region });
      const browseUrl = endpoint
        ? `${endpoint.replace(/\/$/, '')}/${encodeURIComponent(bucket)}/${prefix}report.html`
        : `https://s3.console.aws.amazon.com/s3/buckets/${encodeURIComponent(bucket)}?${query}`;
      return { uri: `s3://${bucket}/${prefix}`, browseUrl };
    },
    async putIf(key, body, contentType, condition) {
      try {
        const answer = await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            IfNoneMatch: 'ifNoneMatch' in condition ? '*' : undefined,
            IfMatch: 'ifMatch' in condition ? condition.ifMatch : undefined,
          }),
        );
        return { written: true, etag: answer.ETag ?? '' };
      } catch (error) {
        // If-Match on a key deleted meanwhile answers 404: the condition does not hold either.
        if (!isPreconditionFailure(error) && !('ifMatch' in condition && isNotFound(error)))
          throw fail('store', key, error);
        // The SDK re-sends a put whose answer was lost (a connection reset after S3 stored it): the
        // first attempt then makes the re-sent one's condition false. Whether the write happened is
        // in the stored bytes; read as "not written", the run would take its own lock or email
        // claim for another run's.
        if (attemptsOf(error) > 1) {
          const current = await getVersioned(key);
          if (current && sameBytes(current.body, body)) return { written: true, etag: current.etag };
        }
        return { written: false };
      }
    },
    async putStreamIfAbsent(key, body, contentType) {
      // The bytes are fingerprinted as they are sent: a lost answer is settled by comparing them.
      const sent = fingerprintedBody(body);
      try {
        // lib-storage sends IfNoneMatch with PutObject, or with CompleteMultipartUpload for a large body.
        await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: sent.body, ContentType: contentType, IfNoneMatch: '*' },
        }).done();
        return { written: true };
      } catch (error) {
        if (!isPreconditionFailure(error)) throw fail('store', key, error);
        // As for putIf: a re-sent create meets the one whose answer was lost. Written when the
        // object holds exactly what this put sent, whole (same length and SHA-256).
        const own = sent.seen();
        if (attemptsOf(error) > 1 && own) {
          const stored = await storedFingerprint(key);
          if (stored?.bytes === own.bytes && stored.sha256 === own.sha256) return { written: true };
        }
        return { written: false };
      }
    },
    async get(key) {
      return (await getVersioned(key))?.body;
    },
    async getStream(key) {
      if (!(await exists(key))) return undefined;
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the SDK's body is an `http.IncomingMessage`, a Readable.
        return answer.Body instanceof Readable ? answer.Body : Readable.from([]);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw fail('read', key, error);
      }
    },
    getVersioned,
    async list(prefix) {
      const objects: StoredObject[] = [];
      let token: string | undefined;
      try {
        do {
          const answer = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
          for (const o of answer.Contents ?? []) if (o.Key) objects.push({ key: o.Key, bytes: o.Size ?? 0 });
          token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
        } while (token);
      } catch (error) {
        throw fail('list', prefix, error);
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}
