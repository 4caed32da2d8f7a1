import type { Readable } from 'node:stream';

/** Port: where report files go (S3 in AWS and under `npm start`, a folder for `--dry-run`). */
export interface ReportStore {
  /** `s3://bucket/prefix/` or the folder, for people. */
  describe(prefix: string): { uri: string; browseUrl: string };
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** Streams a body of unknown length (gzipped evidence) without holding it in memory. */
  putStream(key: string, body: Readable, contentType: string): Promise<void>;
  /** The object's bytes, or `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The object's bytes as a stream (evidence parts can be large), or `undefined` when it does not exist. */
  getStream(key: string): Promise<Readable | undefined>;
}
