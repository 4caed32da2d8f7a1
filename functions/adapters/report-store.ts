import type { Readable } from 'node:stream';

/**
 * When a conditional write may happen: `{ ifNoneMatch: '*' }` only if the key does not exist
 * (S3 `If-None-Match: *`), `{ ifMatch: etag }` only if the object's current ETag is `etag`
 * (S3 `If-Match`).
 */
export type WriteCondition = { ifNoneMatch: '*' } | { ifMatch: string };

/** A conditional write either happened (with the new object's ETag) or its condition did not hold. */
export type ConditionalPutResult = { written: true; etag: string } | { written: false };

/** Port: where report files go (S3 in AWS and under `npm start`, a folder for `--dry-run`). */
export interface ReportStore {
  /** `s3://bucket/prefix/` or the folder, for people. */
  describe(prefix: string): { uri: string; browseUrl: string };
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /**
   * Writes only when `condition` holds, atomically against every other writer of the key (the
   * basis of the period lock and the email claim). `{ written: false }` when it does not hold.
   */
  putIf(
    key: string,
    body: Uint8Array | string,
    contentType: string,
    condition: WriteCondition,
  ): Promise<ConditionalPutResult>;
  /** Streams a body of unknown length (gzipped evidence) without holding it in memory. */
  putStream(key: string, body: Readable, contentType: string): Promise<void>;
  /** The object's bytes, or `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The object's bytes as a stream (evidence parts can be large), or `undefined` when it does not exist. */
  getStream(key: string): Promise<Readable | undefined>;
  /** The object's bytes and ETag (for a later `ifMatch`), or `undefined` when it does not exist. */
  getVersioned(key: string): Promise<{ body: Uint8Array; etag: string } | undefined>;
}
