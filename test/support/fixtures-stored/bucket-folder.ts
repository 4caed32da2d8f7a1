import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3StandIn } from '../../../functions/local/s3-stand-in.js';
import { standInS3Client } from '../stand-in-s3-client.js';

/** How many objects move at once: the stand-in answers on loopback, a few in flight keep it busy. */
const IN_FLIGHT = 8;

/** Runs `work` over `items`, `IN_FLIGHT` at a time. */
async function eachAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, lane));
}

/** Copies every object of `bucket` under `prefix` into `folder`, keys as paths; returns the keys. */
export async function downloadBucket(
  endpoint: string,
  bucket: string,
  folder: string,
  prefix = '',
): Promise<string[]> {
  const s3 = standInS3Client(endpoint);
  const keys: string[] = [];
  try {
    let token: string | undefined;
    do {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const { Key } of listed.Contents ?? []) if (Key) keys.push(Key);
      token = listed.NextContinuationToken;
    } while (token);
    await eachAtOnce(keys, async (Key) => {
      const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      await mkdir(dirname(join(folder, Key)), { recursive: true });
      await writeFile(join(folder, Key), (await answer.Body?.transformToByteArray()) ?? new Uint8Array());
    });
  } finally {
    s3.destroy();
  }
  return keys;
}

/** Every file under `folder`, as keys (paths relative to it, `/`-separated), sorted. */
async function keysIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Puts every file of `folder` into `bucket` of the S3 stand-in, through its front, so each object
 * gets its version as a run's write would (the write-once policy lifted meanwhile, as an
 * administrator restoring a backup would). `keep` chooses the keys; returns those put.
 */
export async function uploadBucket(
  s3StandIn: S3StandIn,
  bucket: string,
  folder: string,
  keep: (key: string) => boolean = () => true,
): Promise<string[]> {
  const s3 = standInS3Client(s3StandIn.endpoint);
  const keys = (await keysIn(folder)).filter(keep);
  s3StandIn.bucketPolicy.enforced = false;
  try {
    await eachAtOnce(keys, async (Key) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: await readFile(join(folder, Key)) }));
    });
  } finally {
    s3StandIn.bucketPolicy.enforced = true;
    s3.destroy();
  }
  return keys;
}
