import { randomBytes } from 'node:crypto';

/** One version of a key, as S3's `ListObjectVersions` reports it. */
export interface ObjectVersion {
  key: string;
  versionId: string;
  lastModified: Date;
  deleteMarker: boolean;
  etag: string;
  size: number;
  /** Where a noncurrent version's bytes were kept when a newer one replaced it. */
  archived?: string;
}

/** A page of `ListObjectVersions`: keys ascending, each key's versions newest first. */
export interface VersionPage {
  entries: Array<ObjectVersion & { isLatest: boolean }>;
  truncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

/** S3 version IDs are opaque URL-safe strings of 32 characters. */
const newVersionId = () => randomBytes(24).toString('base64url');

/**
 * The version history of a versioned bucket (s3rver keeps only the current object). Every write
 * through the stand-in's front adds a version; a delete without a version ID adds a delete marker,
 * as S3 does in a versioned bucket. Times are strictly increasing, so versions order as written.
 */
export class ObjectVersions {
  private readonly byKey = new Map<string, ObjectVersion[]>();
  private lastTime = 0;

  private now(): Date {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime);
  }

  /** The newest version of `key` (a delete marker included), if any. */
  latest(key: string): ObjectVersion | undefined {
    return this.byKey.get(key)?.at(-1);
  }

  find(key: string, versionId: string): ObjectVersion | undefined {
    return this.byKey.get(key)?.find((v) => v.versionId === versionId);
  }

  /** Records a new current version (an object or a delete marker) and returns it. */
  add(key: string, object: { etag: string; size: number } | 'delete-marker'): ObjectVersion {
    const version: ObjectVersion =
      object === 'delete-marker'
        ? { key, versionId: newVersionId(), lastModified: this.now(), deleteMarker: true, etag: '', size: 0 }
        : { key, versionId: newVersionId(), lastModified: this.now(), deleteMarker: false, ...object };
    const versions = this.byKey.get(key) ?? [];
    versions.push(version);
    this.byKey.set(key, versions);
    return version;
  }

  /**
   * One page of versions under `prefix`, after (`keyMarker`, `versionIdMarker`) as S3 pages them:
   * a key marker alone starts after every version of that key.
   */
  list(
    prefix: string,
    options: { keyMarker?: string; versionIdMarker?: string; maxKeys: number },
  ): VersionPage {
    const keys = [...this.byKey.keys()].filter((k) => k.startsWith(prefix)).sort();
    const all = keys.flatMap((key) => {
      const versions = this.byKey.get(key) ?? [];
      return [...versions].reverse().map((v, i) => ({ ...v, isLatest: i === 0 }));
    });
    let start = 0;
    if (options.keyMarker !== undefined) {
      const { keyMarker, versionIdMarker } = options;
      const at = versionIdMarker
        ? all.findIndex((v) => v.key === keyMarker && v.versionId === versionIdMarker)
        : -1;
      start = at >= 0 ? at + 1 : all.findIndex((v) => v.key > keyMarker);
      if (start < 0) start = all.length;
    }
    const entries = all.slice(start, start + options.maxKeys);
    const truncated = start + entries.length < all.length;
    const last = truncated ? entries.at(-1) : undefined;
    return { entries, truncated, nextKeyMarker: last?.key, nextVersionIdMarker: last?.versionId };
  }
}
