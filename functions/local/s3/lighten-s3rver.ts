import type S3rver from 's3rver';

/** The parts of s3rver (a Koa app) this file changes; its typings do not describe them. */
interface S3rverInternals {
  middleware: Array<{ name: string }>;
  logger: { silent: boolean };
  store: {
    getBucket(bucket: string): Promise<unknown>;
    putBucket(bucket: string): Promise<unknown>;
    deleteBucket(bucket: string): Promise<void>;
    getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
    putSubresource(bucket: string, key: string | undefined, resource: { type: string }): Promise<void>;
    deleteSubresource(bucket: string, key: string | undefined, type: string): Promise<void>;
  };
}

/**
 * Takes from s3rver the work no caller sees, about half of its CPU in a job run (measured on
 * 3.7.1). Its request log (koa-logger, the first middleware) formats a coloured line for every
 * request and pipes every streamed answer through a byte counter even when `silent`; its winston
 * logger formats every message before the silent transport drops it; and its CORS and website
 * middleware read the bucket's `cors.xml` and `website.xml` from disk on every request (absent
 * here, so each read fails with ENOENT), and every request stats the bucket's folder. The log goes,
 * the logger is silenced at its source, and a bucket found (and its configuration, found or not) is
 * kept until a request creates, deletes or configures it. Call before `run()`: Koa composes the
 * middleware when the server starts.
 */
export function lightenS3rver(server: S3rver): void {
  const app = server as unknown as S3rverInternals;
  const at = app.middleware.findIndex((middleware) => middleware.name === 'logger');
  if (at >= 0) app.middleware.splice(at, 1);
  app.logger.silent = true;
  const { store } = app;
  keepBuckets(store);
  keepBucketConfigurations(store);
}

/** A bucket found is kept (a missing one is looked for again) until one of that name is created or deleted. */
function keepBuckets(store: S3rverInternals['store']): void {
  const find = store.getBucket.bind(store);
  const create = store.putBucket.bind(store);
  const remove = store.deleteBucket.bind(store);
  const found = new Map<string, Promise<unknown>>();
  store.getBucket = (bucket) => {
    let kept = found.get(bucket);
    if (!kept) {
      kept = find(bucket);
      const forget = () => {
        if (found.get(bucket) === kept) found.delete(bucket);
      };
      kept.then((answer) => answer ?? forget(), forget);
      found.set(bucket, kept);
    }
    return kept;
  };
  store.putBucket = (bucket) => forgetting(found, bucket, () => create(bucket));
  store.deleteBucket = (bucket) => forgetting(found, bucket, () => remove(bucket));
}

/** A bucket's CORS and website configuration, read once and kept until a request puts or deletes one. */
function keepBucketConfigurations(store: S3rverInternals['store']): void {
  const read = store.getSubresource.bind(store);
  const put = store.putSubresource.bind(store);
  const remove = store.deleteSubresource.bind(store);
  const kept = new Map<string, Promise<unknown>>();
  const bucketKey = (bucket: string, type: string) => `${bucket}\u0000${type}`;
  store.getSubresource = (bucket, key, type) => {
    if (key !== undefined) return read(bucket, key, type);
    const name = bucketKey(bucket, type);
    let config = kept.get(name);
    if (!config) {
      config = read(bucket, key, type);
      // A failed read is not kept: the next request reads again.
      config.catch(() => kept.delete(name));
      kept.set(name, config);
    }
    return config;
  };
  // An object's subresources are never kept; a bucket's is forgotten around each change to it.
  store.putSubresource = (bucket, key, resource) =>
    key === undefined
      ? forgetting(kept, bucketKey(bucket, resource.type), () => put(bucket, key, resource))
      : put(bucket, key, resource);
  store.deleteSubresource = (bucket, key, type) =>
    key === undefined
      ? forgetting(kept, bucketKey(bucket, type), () => remove(bucket, key, type))
      : remove(bucket, key, type);
}

/**
 * Runs `change` with `name` forgotten before and after it, whether it succeeds or not: a read made
 * while it runs is not kept past it.
 */
async function forgetting<T>(kept: Map<string, unknown>, name: string, change: () => Promise<T>): Promise<T> {
  kept.delete(name);
  try {
    return await change();
  } finally {
    kept.delete(name);
  }
}
