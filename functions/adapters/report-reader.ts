/** A stored object: its key (relative to the reader's root) and size in bytes. */
export interface StoredObject {
  key: string;
  bytes: number;
  /**
   * Set when it is not a regular file (only a folder can hold one): a symbolic link, a device, a
   * pipe. Verification never reads through it and reports it.
   */
  irregular?: string;
}

/** One version of an object as a versioned bucket lists it. */
export interface ObjectVersionInfo {
  key: string;
  versionId: string;
  /** A delete marker: the key was deleted (without a version ID) at that time. */
  deleteMarker: boolean;
  /** The key's current version (or delete marker). */
  isLatest: boolean;
  /** Epoch ms. */
  lastModified: number;
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
  /** The object's bytes, or `undefined` when it does not exist (or is not a regular file). */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Every version and delete marker under `prefix`, keys ascending, each key's newest first
   * (`ListObjectVersions`);
   * absent where there is no version history (a downloaded folder).
   */
  listVersions?(prefix: string): Promise<ObjectVersionInfo[]>;
  /**
   * True when the reader sees the whole store (a bucket): a missing object is then really missing.
   * A downloaded folder may simply not hold other periods.
   */
  readonly complete: boolean;
}
