import type { Readable } from 'node:stream';
import type { StoredObject } from './report-reader.js';

/**
 * When a conditional write may happen: `{ ifNoneMatch: '*' }` only if the key does not exist
 * (S3 `If-None-Match: *`), `{ ifMatch: etag }` only if the object's current ETag is `etag`
 * (S3 `If-Match`).
 */
export type WriteCondition = { ifNoneMatch: '*' } | { ifMatch: string };

/** A conditional write either happened (with the new object's ETag) or its condition did not hold. */
export type ConditionalPutResult = { written: true; etag: string } | { written: false };

/**
 * Port: where report files go (S3 in AWS and under `npm start`, a folder for `--dry-run`). Every
 * write is conditional, as the evidence bucket's policy demands: sealed files are created once
 * (`If-None-Match: *`) and never replaced; only the few mutable records (`isMutableReportKey`) are
 * replaced, with `If-Match`.
 */
export interface ReportStore {
  /** `s3://bucket/prefix/` or the folder, for people. */
  describe(prefix: string): { uri: string; browseUrl: string };
  /**
   * Writes only when `condition` holds, atomically against every other writer of the key (the
   * basis of write-once evidence, the period lock and the email claim). `{ written: false }` when
   * it does not hold.
   */
  putIf(
    key: string,
    body: Uint8Array | string,
    contentType: string,
    condition: WriteCondition,
  ): Promise<ConditionalPutResult>;
  /**
   * Creates `key` from a stream of unknown length without holding it in memory, only if the key
   * does not exist (`If-None-Match: *`); `{ written: false }` when it does.
   */
  putStreamIfAbsent(key: string, body: Readable, contentType: string): Promise<{ written: boolean }>;
  /** The object's bytes, or `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The object's bytes as a stream (evidence parts can be large), or `undefined` when it does not exist. */
  getStream(key: string): Promise<Readable | undefined>;
  /** The object's bytes and ETag (for a later `ifMatch`), or `undefined` when it does not exist. */
  getVersioned(key: string): Promise<{ body: Uint8Array; etag: string } | undefined>;
  /** Every object under `prefix`, recursively, sorted by key. */
  list(prefix: string): Promise<StoredObject[]>;
}
