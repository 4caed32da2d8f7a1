import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { lightenS3rver } from './s3/lighten-s3rver.js';
import { ObjectVersions } from './s3/object-versions.js';
import { type BucketPolicyState, createS3Front } from './s3/s3-front.js';
import { type KeepObject, restoreStore, snapshotStore, versionRestored } from './s3/store-snapshot.js';

export interface S3StandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_S3`. */
  endpoint: string;
  /**
   * The evidence bucket's write-once policy, on from the start. Switching it off stands for an
   * administrator who removed the bucket policy: what verify must still notice.
   */
  bucketPolicy: BucketPolicyState;
  /**
   * Copies every bucket's current objects into `folder` (call it between writes), for another
   * stand-in to start from (`startS3StandIn`'s `from`).
   */
  snapshot(folder: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * s3rver on loopback with `bucket` (and `otherBuckets`, plain buckets such as the S3 connector's
 * landing bucket) created, files under `directory`, behind a front that gives it
 * what the deployed evidence bucket has and s3rver 3.7 lacks: conditional writes (s3rver honours
 * `If-None-Match`/`If-Match` on reads only, so a lock taken with `If-None-Match: *` would always
 * "succeed"), versioning with `ListObjectVersions`, and the bucket policy that refuses an
 * unconditional write (and any delete) under `reports/` (see `createS3Front`); ListObjectsV2 is
 * served beyond one page (see s3-list-v2.ts). It accepts the access key `S3RVER` / secret `S3RVER`.
 * Started `from` another stand-in's snapshot, it holds that one's objects (those `from.keep`
 * chooses), each `bucket` object as its first version. Otherwise `directory` must start empty: the
 * front knows `bucket`'s objects from the writes it passed on (it asks s3rver nothing before one).
 */
export async function startS3StandIn(
  directory: string,
  bucket: string,
  otherBuckets: readonly string[] = [],
  from?: { snapshot: string; keep?: KeepObject },
): Promise<S3StandIn> {
  if (from) await restoreStore(from.snapshot, directory, from.keep);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [bucket, ...otherBuckets].map((name) => ({ name, configs: [] })),
  });
  lightenS3rver(server);
  const upstream = (await server.run()) as AddressInfo;
  const archive = await mkdtemp(join(tmpdir(), 's3-stand-in-versions-'));
  const versions = new ObjectVersions();
  if (from) await versionRestored(directory, bucket, upstream.port, versions);
  // The local stream is written as the stack's Firehose writes it: unconditionally, under stream/.
  const bucketPolicy: BucketPolicyState = { enforced: true, streamDelivery: true };
  const front = createS3Front({
    upstreamPort: upstream.port,
    bucket,
    versions,
    archive,
    policy: bucketPolicy,
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(front.address() as AddressInfo).port}`,
    bucketPolicy,
    snapshot: (folder) => snapshotStore(directory, folder),
    close: async () => {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await server.close();
      await rm(archive, { recursive: true, force: true });
    },
  };
}
