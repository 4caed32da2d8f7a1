import type { ReportReader } from './report-reader.js';
import type { ReportStore } from './report-store.js';

/**
 * Port: where campaigns, decisions and their signatures live (`access/campaigns/…`). Every write
 * is conditional: records are created once (`If-None-Match: *`), the few mutable files (notices,
 * remediation) are replaced only over the version that was read (`If-Match`).
 */
export interface CampaignStore {
  get(key: string): Promise<Uint8Array | undefined>;
  getVersioned(key: string): Promise<{ body: Uint8Array; etag: string } | undefined>;
  /** Creates `key`; `false` when it exists already (someone else wrote it first). */
  create(key: string, body: Uint8Array | string, contentType: string): Promise<boolean>;
  /** Replaces the version read (`etag`) or creates the key (`etag` absent); `false` when it changed. */
  replace(
    key: string,
    body: Uint8Array | string,
    contentType: string,
    etag: string | undefined,
  ): Promise<boolean>;
  /** Every key under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** The campaign store over the report bucket's store (conditional writes) and reader (listing). */
export function createCampaignStore(
  store: Pick<ReportStore, 'get' | 'getVersioned' | 'putIf'>,
  reader: Pick<ReportReader, 'list'>,
): CampaignStore {
  return {
    get: (key) => store.get(key),
    getVersioned: (key) => store.getVersioned(key),
    async create(key, body, contentType) {
      return (await store.putIf(key, body, contentType, { ifNoneMatch: '*' })).written;
    },
    async replace(key, body, contentType, etag) {
      const condition = etag ? { ifMatch: etag } : ({ ifNoneMatch: '*' } as const);
      return (await store.putIf(key, body, contentType, condition)).written;
    },
    async list(prefix) {
      return (await reader.list(prefix)).map((o) => o.key);
    },
  };
}
