import type { ReportStore } from '../../adapters/report-store.js';
import { ReportStorageError } from '../../shared/errors.js';

/**
 * Replaces one of the mutable records (the checkpoint, the anchor record): the bucket accepts their
 * replacement only with `If-Match`, so the current ETag is read first (a missing record is created
 * with `If-None-Match`). A record changed in between by another writer fails the write, named.
 */
export async function replaceRecord(
  store: ReportStore,
  key: string,
  body: Uint8Array | string,
  contentType: string,
): Promise<void> {
  const current = await store.getVersioned(key);
  const result = await store.putIf(
    key,
    body,
    contentType,
    current ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
  );
  if (!result.written) {
    throw new ReportStorageError(`${key} changed while it was being replaced: another run is writing it`);
  }
}
