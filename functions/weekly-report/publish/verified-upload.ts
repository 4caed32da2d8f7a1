import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReportStore } from '../../adapters/report-store.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import { byteFingerprint, type Fingerprint } from '../../shared/byte-fingerprint.js';
import { ReportStorageError } from '../../shared/errors.js';

/** The error of bytes at `where` that are no longer `expected`'s; none when they are. */
export const mismatch = (expected: ManifestEntry, seen: Fingerprint, where: string) =>
  seen.bytes === expected.bytes && seen.sha256 === expected.sha256
    ? undefined
    : new ReportStorageError(
        `${where} no longer holds the ${expected.bytes} bytes placed as ${expected.name}`,
      );

/** Whether the object at `key` holds exactly `file`'s bytes. */
export async function storedMatches(store: ReportStore, key: string, file: ManifestEntry): Promise<boolean> {
  const stream = await store.getStream(key);
  if (!stream) return false;
  const { tap, seen } = byteFingerprint();
  await pipeline(stream, tap, async (source) => {
    for await (const _ of source) {
      // drained: only the fingerprint matters
    }
  });
  const found = seen();
  return found.bytes === file.bytes && found.sha256 === file.sha256;
}

/** Copies a placed file into the new revision, failing the write if the stored bytes changed meanwhile. */
export async function copyVerified(
  store: ReportStore,
  from: string,
  to: string,
  file: ManifestEntry & { contentType: string },
): Promise<void> {
  const stream = await store.getStream(from);
  if (!stream) throw new ReportStorageError(`${from} vanished before it could be carried to ${to}`);
  const { tap } = byteFingerprint((seen) => mismatch(file, seen, from));
  if (!(await uploadThrough(stream, tap, (body) => store.putStreamIfAbsent(to, body, file.contentType)))) {
    throw new ReportStorageError(`${to} appeared in a new revision while it was written`);
  }
}

/**
 * Uploads `source` through the fingerprint `tap`. The upload sees any error of either stream (a
 * changed file, an unreadable one); when the store answers before reading it all (the key exists),
 * the source is closed so that nothing is left reading a file about to be removed.
 */
export async function uploadThrough(
  source: Readable,
  tap: Transform,
  upload: (body: Readable) => Promise<{ written: boolean }>,
): Promise<boolean> {
  source.on('error', (error) => tap.destroy(error));
  tap.on('error', () => {}); // reported by the upload, which reads the tap
  source.pipe(tap);
  try {
    return (await upload(tap)).written;
  } finally {
    source.destroy();
  }
}
