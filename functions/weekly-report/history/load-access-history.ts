import type { ReportStore } from '../../adapters/report-store.js';
import { ACCESS_FILES } from '../../core/access/access-controls.js';
import type { AccessSnapshot } from '../../core/access/access-snapshot.js';
import { parseAccessSnapshot } from '../../core/access/parse-access-snapshot.js';
import { isoWeekStarting, type ReportPeriod, WEEK_MS } from '../../core/period/period.js';

/** ISO weeks looked back for the previous stored snapshot (a missed week is bridged). */
export const SNAPSHOT_LOOKBACK_WEEKS = 8;

export interface StoredSnapshot {
  snapshot: AccessSnapshot;
  /** The report folder it was found in. */
  prefix: string;
  /** It closes the week just before this period. */
  consecutive: boolean;
}

/**
 * The most recent `access/snapshot.json` stored for an ISO week before `period`, up to
 * {@link SNAPSHOT_LOOKBACK_WEEKS} back. Custom periods have no previous week: none. A stored file that
 * is not a snapshot is skipped with a note, never trusted.
 */
export async function loadPreviousSnapshot(
  store: ReportStore,
  period: ReportPeriod,
  prefixOf: (period: ReportPeriod) => string,
  notes: string[],
): Promise<StoredSnapshot | undefined> {
  if (period.kind !== 'iso-week') return undefined;
  for (let weeks = 1; weeks <= SNAPSHOT_LOOKBACK_WEEKS; weeks++) {
    const prefix = prefixOf(isoWeekStarting(period.from - weeks * WEEK_MS));
    const body = await store.get(`${prefix}${ACCESS_FILES.snapshot}`);
    if (!body) continue;
    const parsed = parseAccessSnapshot(body);
    if (!parsed.ok) {
      notes.push(`${prefix}${ACCESS_FILES.snapshot} was skipped: ${parsed.reason}`);
      continue;
    }
    return { snapshot: parsed.snapshot, prefix, consecutive: weeks === 1 };
  }
  return undefined;
}
