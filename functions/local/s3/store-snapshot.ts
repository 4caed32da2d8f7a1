import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ObjectVersions } from './object-versions.js';
import { headObject } from './upstream.js';

/** How s3rver's file store names an object's bytes: `<bucket>/<key>._S3rver_object`. */
const OBJECT_SUFFIX = '._S3rver_object';

/**
 * Copies a stopped or idle s3rver store (`directory`, one folder per bucket) into `folder`: every
 * bucket's current objects with their metadata, for another stand-in to start from
 * (`restoreStore`). Noncurrent versions are not part of it.
 */
export async function snapshotStore(directory: string, folder: string): Promise<void> {
  await cp(directory, folder, { recursive: true });
}

/** Which objects of a snapshot a stand-in starts with. */
export type KeepObject = (bucket: string, key: string) => boolean;

/** s3rver's files of one object: its bytes, metadata and MD5, each `<key>._S3rver_<what>`. */
const RESOURCE = /\._S3rver_[a-z.0-9]+$/;

/** Puts a snapshot's buckets into `directory` (the objects `keep` chooses), before s3rver starts on it. */
export async function restoreStore(
  snapshot: string,
  directory: string,
  keep: KeepObject = () => true,
): Promise<void> {
  await cp(snapshot, directory, {
    recursive: true,
    filter: (source) => {
      const [bucket, ...path] = relative(snapshot, source).split(sep);
      const name = path.join('/');
      return !bucket || !RESOURCE.test(name) || keep(bucket, name.replace(RESOURCE, ''));
    },
  });
}

/** The keys of `bucket`'s objects in an s3rver store, sorted. */
async function storedKeys(directory: string, bucket: string): Promise<string[]> {
  const root = join(directory, bucket);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(OBJECT_SUFFIX))
    .map((e) =>
      relative(root, join(e.parentPath, e.name)).split(sep).join('/').slice(0, -OBJECT_SUFFIX.length),
    )
    .sort();
}

/**
 * Gives each object a restored store holds in `bucket` its version (the first, current), as if
 * written through the front: S3 lists it in `ListObjectVersions`, and a later overwrite keeps it
 * as a noncurrent version.
 */
export async function versionRestored(
  directory: string,
  bucket: string,
  upstreamPort: number,
  versions: ObjectVersions,
): Promise<number> {
  const keys = await storedKeys(directory, bucket);
  for (const key of keys) {
    const file = join(directory, bucket, `${key}${OBJECT_SUFFIX}`);
    // s3rver's ETag is the MD5 it keeps beside the bytes; without that file, s3rver's own answer.
    const md5 = await readFile(`${file}.md5`, 'utf8').catch(() => undefined);
    const current = md5
      ? { etag: JSON.stringify(md5), size: (await stat(file)).size }
      : await headObject(upstreamPort, `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
    if (current) versions.add(key, current);
  }
  return keys.length;
}
