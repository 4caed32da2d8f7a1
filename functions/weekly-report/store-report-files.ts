import type { ReportStore } from '../adapters/report-store.js';
import { describeFile, type ManifestEntry, renderManifest } from '../core/manifest.js';
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

/**
 * Stores `manifest.json` listing `entries`. Call it last: its presence means every file it lists
 * was stored. Returns the manifest's own entry, for a parent manifest to list.
 */
export async function storeManifest(
  store: ReportStore,
  prefix: string,
  entries: readonly ManifestEntry[],
): Promise<ManifestEntry> {
  const body = Buffer.from(renderManifest([...entries]), 'utf8');
  await store.put(`${prefix}manifest.json`, body, 'application/json');
  return describeFile('manifest.json', body);
}
