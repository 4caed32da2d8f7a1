import type { ReportStore } from '../../adapters/report-store.js';
import { parseStoredGaps } from '../../core/history/stored-gaps.js';
import { MANIFEST_FILE, sha256Hex } from '../../core/integrity/manifest.js';
import { parseManifest } from '../../core/integrity/parse-manifest.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { weeksOverlapping } from '../../core/period/rollup-period.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import type { StoredWeekRead } from '../../core/report/rollup-sources.js';
import { newestSealedRevision } from '../publish/sealed-revisions.js';
import type { StoredInputs } from './stored-inputs.js';

/** What a stored week is used for, as an unverified one's gap says. */
export const ROLLUP_USE = 'this rollup (its evidence and gaps)';

const PROJECT = { kind: 'project' } as const;

/**
 * A stored week's manifest and gaps, or why it cannot be drawn on: its newest sealed revision (a
 * re-run with changed data seals a new one beside the first). Through a verifying gate (a signing
 * run) the manifest must be signed by the run's key and state this project and week, and
 * `summary.json` must be listed in it; a week that fails is not drawn on.
 */
async function readStoredWeek(
  store: ReportStore,
  inputs: StoredInputs,
  projectId: string,
  week: ReportPeriod,
): Promise<StoredWeekRead> {
  const prefix = (await newestSealedRevision(store, reportPrefix(projectId, week)))?.prefix;
  if (!prefix) return { ok: false, reason: `${week.label} has no stored report` };
  if (inputs.verifying) {
    const at = { folder: prefix, period: week, expected: { projectId, period: week.label, scope: PROJECT } };
    const verified = await inputs.manifest(at, ROLLUP_USE);
    if (!verified) {
      const failed = inputs.unverified().find((u) => u.file === `${prefix}${MANIFEST_FILE}`);
      const reason = failed
        ? `${week.label}'s manifest failed verification (${failed.problem})`
        : `${week.label} has no stored report`;
      return { ok: false, reason };
    }
    const summary = await inputs.file(at, 'summary.json', ROLLUP_USE);
    const gaps = summary ? parseStoredGaps(summary) : undefined;
    return { ok: true, prefix, files: verified.manifest.files, sha256: verified.sha256, gaps };
  }
  const body = await store.get(`${prefix}${MANIFEST_FILE}`);
  if (!body) return { ok: false, reason: `${week.label} has no stored report` };
  const parsed = parseManifest(body);
  if (!parsed.ok) return { ok: false, reason: `${week.label}'s manifest ${parsed.problem}` };
  const summary = await store.get(`${prefix}summary.json`);
  const gaps = summary ? parseStoredGaps(summary) : undefined;
  return { ok: true, prefix, files: parsed.manifest.files, sha256: sha256Hex(body), gaps };
}

/** The stored report of each ISO week overlapping `period`, in order (no Descope request). */
export async function readStoredWeeks(
  store: ReportStore,
  inputs: StoredInputs,
  projectId: string,
  period: ReportPeriod,
): Promise<Array<{ week: ReportPeriod; read: StoredWeekRead }>> {
  const weeks: Array<{ week: ReportPeriod; read: StoredWeekRead }> = [];
  for (const week of weeksOverlapping(period)) {
    weeks.push({ week, read: await readStoredWeek(store, inputs, projectId, week) });
  }
  return weeks;
}
