import type { ReportStore } from '../../adapters/report-store.js';
import { ACCESS_FILES } from '../../core/access/access-controls.js';
import type { AccessSnapshot } from '../../core/access/access-snapshot.js';
import { parseAccessSnapshot } from '../../core/access/parse-access-snapshot.js';
import { sha256Hex } from '../../core/integrity/manifest.js';
import { isoWeekStarting, type ReportPeriod, WEEK_MS } from '../../core/period/period.js';
import type { SealedFolder, StoredInputs } from './stored-inputs.js';

/** What an earlier access snapshot or attestation is used for, as an unverified one's gap says. */
export const ACCESS_USE = "this report's access review";

/** ISO weeks looked back for the previous stored snapshot (a missed week is bridged). */
export const SNAPSHOT_LOOKBACK_WEEKS = 8;

export interface StoredSnapshot {
  snapshot: AccessSnapshot;
  /** The report folder it was found in. */
  prefix: string;
  /** Its week, whose sealed folder holds it. */
  week: ReportPeriod;
  /** SHA-256 of its stored bytes (what an attestation of it names). */
  sha256: string;
  /** It closes the week just before this period. */
  consecutive: boolean;
}

/** A week's project folder as the stored-input gate checks it. */
export const projectFolderOf = (
  projectId: string,
  week: ReportPeriod,
  prefixOf: (period: ReportPeriod) => string,
): SealedFolder => ({
  folder: prefixOf(week),
  period: week,
  expected: { projectId, period: week.label, scope: { kind: 'project' } },
});

/**
 * The most recent `access/snapshot.json` stored for an ISO week before `period`, up to
 * {@link SNAPSHOT_LOOKBACK_WEEKS} back. Custom periods have no previous week: none. A stored file that
 * is not a snapshot is skipped with a note, never trusted; through `inputs`, one its week's signed
 * manifest does not seal is not used either (the gate records why) and the search goes on.
 */
export async function loadPreviousSnapshot(
  store: ReportStore,
  period: ReportPeriod,
  prefixOf: (period: ReportPeriod) => string,
  notes: string[],
  gate?: { inputs: StoredInputs; projectId: string },
): Promise<StoredSnapshot | undefined> {
  if (period.kind !== 'iso-week') return undefined;
  for (let weeks = 1; weeks <= SNAPSHOT_LOOKBACK_WEEKS; weeks++) {
    const week = isoWeekStarting(period.from - weeks * WEEK_MS);
    const prefix = prefixOf(week);
    const body = gate
      ? await gate.inputs.file(
          projectFolderOf(gate.projectId, week, prefixOf),
          ACCESS_FILES.snapshot,
          ACCESS_USE,
        )
      : await store.get(`${prefix}${ACCESS_FILES.snapshot}`);
    if (!body) continue;
    const parsed = parseAccessSnapshot(body);
    if (!parsed.ok) {
      notes.push(`${prefix}${ACCESS_FILES.snapshot} was skipped: ${parsed.reason}`);
      continue;
    }
    return { snapshot: parsed.snapshot, prefix, week, sha256: sha256Hex(body), consecutive: weeks === 1 };
  }
  return undefined;
}
