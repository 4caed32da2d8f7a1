import { Readable } from 'node:stream';
import type { StreamBucket, StreamBucketStats } from '../../functions/adapters/stream-bucket.js';

/** A fake of the stream bucket port: objects in a map, listed in key order. */
export function inMemoryStreamBucket(objects: ReadonlyMap<string, Buffer>): StreamBucket {
  const stats: StreamBucketStats = { listRequests: 0, getRequests: 0, bytesRead: 0 };
  return {
    location: 's3://stream-bucket/',
    stats,
    async list(prefix, limit) {
      stats.listRequests += 1;
      return [...objects.keys()]
        .filter((key) => key.startsWith(prefix))
        .sort()
        .slice(0, limit)
        .map((key) => ({ key, bytes: objects.get(key)?.length ?? 0, lastModified: 0 }));
    },
    async open(key) {
      stats.getRequests += 1;
      const body = objects.get(key);
      if (!body) throw new Error(`no object ${key}`);
      stats.bytesRead += body.length;
      return { body: Readable.from([body]), versionId: 'v1' };
    },
  };
}
