import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import type { ReportStore } from '../../adapters/report-store.js';
import { describeFile, type ManifestEntry } from '../../core/integrity/manifest.js';
import type { TableFile } from '../../core/report/report-model.js';
import { byteFingerprint } from '../../shared/byte-fingerprint.js';
import { ReportJobError } from '../../shared/errors.js';
import type { ReportFile } from './report-files.js';

/** The file's bytes, failing the stream if they are not the ones its size and SHA-256 describe. */
function checkedRead(file: TableFile): Readable {
  const { tap } = byteFingerprint(({ bytes, sha256 }) =>
    bytes === file.bytes && sha256 === file.sha256
      ? undefined
      : new ReportJobError(`${file.path} changed on disk after it was written`),
  );
  pipeline(createReadStream(file.path), tap, (error) => {
    if (error) tap.destroy(error);
  });
  return tap;
}

/** Stores rendered files under `prefix`; returns their manifest entries (names relative to `prefix`). */
export async function storeReportFiles(
  store: ReportStore,
  prefix: string,
  files: readonly ReportFile[],
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const file of files) {
    if ('file' in file) {
      // Streamed from disk (a table's CSV can be larger than memory should hold); checked as read.
      await store.putStream(`${prefix}${file.name}`, checkedRead(file.file), file.contentType);
      entries.push({ name: file.name, bytes: file.file.bytes, sha256: file.file.sha256 });
      continue;
    }
    const body = Buffer.from(file.body, 'utf8');
    await store.put(`${prefix}${file.name}`, body, file.contentType);
    entries.push(describeFile(file.name, body));
  }
  return entries;
}
