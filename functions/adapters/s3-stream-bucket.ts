import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describeError, StreamSourceError } from '../shared/errors.js';
import type { StreamBucket, StreamBucketStats, StreamObject } from './stream-bucket.js';

export interface S3StreamBucketOptions {
  client: S3Client;
  bucket: string;
}

/**
 * The audit stream's bucket in S3, through `ListObjectsV2` and `GetObject` only (the job's role has
 * nothing more there). Failures become `StreamSourceError` naming the bucket and key.
 */
export function createS3StreamBucket({ client, bucket }: S3StreamBucketOptions): StreamBucket {
  const stats: StreamBucketStats = { listRequests: 0, getRequests: 0, bytesRead: 0 };
  const fail = (action: string, key: string, error: unknown) =>
    new StreamSourceError(
      `Could not ${action} s3://${bucket}/${key} of the audit stream: ${describeError(error, 'name: message')}`,
      { cause: error },
    );
  return {
    location: `s3://${bucket}/`,
    stats,
    async list(prefix, limit) {
      const objects: StreamObject[] = [];
      let token: string | undefined;
      do {
        let answer: ListObjectsV2CommandOutput;
        try {
          stats.listRequests += 1;
          answer = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ContinuationToken: token,
              MaxKeys: limit === undefined ? 1000 : Math.min(1000, limit - objects.length),
            }),
          );
        } catch (error) {
          throw fail('list', prefix, error);
        }
        for (const item of answer.Contents ?? []) {
          if (item.Key === undefined) continue;
          objects.push({
            key: item.Key,
            bytes: item.Size ?? 0,
            lastModified: item.LastModified?.getTime() ?? 0,
          });
        }
        token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
      } while (token !== undefined && (limit === undefined || objects.length < limit));
      return objects;
    },
    async open(key) {
      try {
        stats.getRequests += 1;
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = answer.Body as Readable | undefined;
        if (!body) throw new Error('the object has no body');
        body.on('data', (chunk: Buffer) => {
          stats.bytesRead += chunk.length;
        });
        return { body, versionId: answer.VersionId };
      } catch (error) {
        throw fail('read', key, error);
      }
    },
  };
}
