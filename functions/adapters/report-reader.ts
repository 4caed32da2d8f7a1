/** A stored object: its key (relative to the reader's root) and size in bytes. */
export interface StoredObject {
  key: string;
  bytes: number;
}

/**
 * Port: read-only access to stored reports, for verification (S3, or a downloaded folder). Keys
 * are bucket keys (`reports/<project>/<period>/…`).
 */
export interface ReportReader {
  /** `s3://bucket/key` or the local path, for messages. */
  describe(key: string): string;
  /** Every object under `prefix`, recursively, sorted by key. */
  list(prefix: string): Promise<StoredObject[]>;
  /** The immediate sub-folders of `prefix` (names without the trailing `/`). */
  listFolders(prefix: string): Promise<string[]>;
  /** The object's bytes, or `undefined` when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * True when the reader sees the whole store (a bucket): a missing object is then really missing.
   * A downloaded folder may simply not hold other periods.
   */
  readonly complete: boolean;
}
