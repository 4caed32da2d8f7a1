import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { describeError, ReportStorageError } from '../shared/errors.js';
import type { ReportStore } from './report-store.js';

export interface S3ReportStoreOptions {
  client: S3Client;
  bucket: string;
  region: string;
  /** A custom S3 endpoint (`AWS_ENDPOINT_URL_S3`): links then point there, not to the AWS console. */
  endpoint?: string;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
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
  return {
    describe(prefix) {
      const query = new URLSearchParams({ prefix, region });
      const browseUrl = endpoint
        ? `${endpoint.replace(/\/$/, '')}/${encodeURIComponent(bucket)}/${prefix}report.html`
        : `https://s3.console.aws.amazon.com/s3/buckets/${encodeURIComponent(bucket)}?${query}`;
      return { uri: `s3://${bucket}/${prefix}`, browseUrl };
    },
    async put(key, body, contentType) {
      try {
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
        );
      } catch (error) {
        throw fail('store', key, error);
      }
    },
    async putStream(key, body, contentType) {
      try {
        await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
        }).done();
      } catch (error) {
        throw fail('store', key, error);
      }
    },
    async get(key) {
      // Look before reading: without an unconditioned s3:ListBucket, S3 answers 403, not 404, for a
      // missing key, and the function's role may list only the reports prefix.
      if (!(await exists(key))) return undefined;
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw fail('read', key, error);
      }
    },
    exists,
  };
}
