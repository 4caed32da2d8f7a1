import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE } from '../../core/integrity/manifest.js';
import { revisionPrefix } from '../../core/integrity/revision-layout.js';
import { newestRevision } from './revision-writer.js';

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
