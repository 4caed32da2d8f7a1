import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE, type ManifestEntry } from '../../core/integrity/manifest.js';
import { parseManifest } from '../../core/integrity/parse-manifest.js';
import { REVISIONS_FOLDER, revisionPrefix, revisionsIn } from '../../core/integrity/revision-layout.js';

/** The stored manifest of a sealed revision: its bytes and the files it lists. */
export interface SealedRevision {
  body: Uint8Array;
  files: ReadonlyMap<string, ManifestEntry>;
}

/** The highest revision of the period holding any object (1 when there is none beyond the first). */
export async function newestRevision(store: ReportStore, periodPrefix: string): Promise<number> {
  const listed = await store.list(`${periodPrefix}${REVISIONS_FOLDER}`);
  return Math.max(...revisionsIn(listed.map((o) => o.key.slice(periodPrefix.length))));
}

/** The stored manifest of the revision at `prefix`, if it is sealed (an unreadable one lists nothing). */
export async function readSealedRevision(
  store: ReportStore,
  prefix: string,
): Promise<SealedRevision | undefined> {
  const body = await store.get(`${prefix}${MANIFEST_FILE}`);
  if (!body) return undefined;
  const parsed = parseManifest(body);
  const files = new Map((parsed.ok ? parsed.manifest.files : []).map((e) => [e.name, e]));
  return { body, files };
}

/**
 * The newest sealed revision of a period below `below` (all of them when absent): its number and
 * folder; `undefined` when none is sealed. What the next week's chain links and what a new revision
 * supersedes.
 */
export async function newestSealedRevision(
  store: ReportStore,
  periodPrefix: string,
  below?: number,
): Promise<{ revision: number; prefix: string } | undefined> {
  const from = below === undefined ? await newestRevision(store, periodPrefix) : below - 1;
  for (let revision = from; revision >= 1; revision -= 1) {
    const prefix = revisionPrefix(periodPrefix, revision);
    if ((await store.get(`${prefix}${MANIFEST_FILE}`)) !== undefined) return { revision, prefix };
  }
  return undefined;
}
