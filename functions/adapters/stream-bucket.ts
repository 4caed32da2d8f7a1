import type { Readable } from 'node:stream';

/** One object of the audit stream, as a listing shows it. */
export interface StreamObject {
  key: string;
  bytes: number;
  /** Epoch ms. */
  lastModified: number;
}

/** What reading the stream cost: S3 requests and bytes received. */
export interface StreamBucketStats {
  listRequests: number;
  getRequests: number;
  bytesRead: number;
}

/**
 * Port: the bucket the audit stream lands in, read only (the job never writes, moves or deletes a
 * stream object: a quarantined object is named and hashed where it lies).
 */
export interface StreamBucket {
  /** `s3://bucket/` for people. */
  readonly location: string;
  readonly stats: StreamBucketStats;
  /** Every object under `prefix`, in key order; `limit` stops early (discovery samples). */
  list(prefix: string, limit?: number): Promise<StreamObject[]>;
  /** The object's bytes as a stream, with its version when the bucket is versioned. */
  open(key: string): Promise<{ body: Readable; versionId?: string }>;
}
