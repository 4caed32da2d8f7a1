import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { type StreamObjectOptions, streamObjects } from './stream-objects.js';

/** What was put in the bucket. */
export interface SeededStream {
  objects: number;
  bytes: number;
  keys: string[];
}

/**
 * Puts the stream objects of `records` into `bucket`, as Firehose or the S3 connector would leave
 * them (see stream-objects.ts), a few at once.
 */
export async function seedStreamObjects(
  s3: S3Client,
  bucket: string,
  records: Iterable<AuditRecord>,
  options: StreamObjectOptions,
): Promise<SeededStream> {
  const seeded: SeededStream = { objects: 0, bytes: 0, keys: [] };
  const pending = new Set<Promise<void>>();
  for (const object of streamObjects(records, options)) {
    const put = s3
      .send(new PutObjectCommand({ Bucket: bucket, Key: object.key, Body: object.body }))
      .then(() => {
        pending.delete(put);
      });
    pending.add(put);
    seeded.objects += 1;
    seeded.bytes += object.body.length;
    seeded.keys.push(object.key);
    if (pending.size >= 8) await Promise.race(pending);
  }
  await Promise.all(pending);
  return seeded;
}
