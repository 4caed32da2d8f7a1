import type S3rver from 's3rver';

/** The parts of s3rver (a Koa app) this file changes; its typings do not describe them. */
interface S3rverInternals {
  middleware: Array<{ name: string }>;
  logger: { silent: boolean };
  store: {
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
 * here, so each read fails with ENOENT). The log goes, the logger is silenced at its source, and a
 * bucket's configuration is read once and kept until a request puts or deletes it. Call before
 * `run()`: Koa composes the middleware when the server starts.
 */
export function lightenS3rver(server: S3rver): void {
  const app = server as unknown as S3rverInternals;
  const at = app.middleware.findIndex((middleware) => middleware.name === 'logger');
  if (at >= 0) app.middleware.splice(at, 1);
  app.logger.silent = true;
  const { store } = app;
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
  store.putSubresource = async (bucket, key, resource) => {
    if (key === undefined) kept.delete(bucketKey(bucket, resource.type));
    await put(bucket, key, resource);
    if (key === undefined) kept.delete(bucketKey(bucket, resource.type));
  };
  store.deleteSubresource = async (bucket, key, type) => {
    if (key === undefined) kept.delete(bucketKey(bucket, type));
    await remove(bucket, key, type);
    if (key === undefined) kept.delete(bucketKey(bucket, type));
  };
}
