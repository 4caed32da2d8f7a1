import type { ReportStore } from '../adapters/report-store.js';
import { describeFile, type ManifestEntry } from '../core/manifest.js';
import type { ReportFile } from './report-files.js';

/** Stores rendered files under `prefix`; returns their manifest entries (names relative to `prefix`). */
export async function storeReportFiles(
  store: ReportStore,
  prefix: string,
  files: readonly ReportFile[],
): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (const file of files) {
    const body = Buffer.from(file.body, 'utf8');
    await store.put(`${prefix}${file.name}`, body, file.contentType);
    entries.push(describeFile(file.name, body));
  }
  return entries;
}
