import type { ReportStore } from '../../adapters/report-store.js';
import { parseStoredGaps } from '../../core/history/stored-gaps.js';
import { MANIFEST_FILE, sha256Hex } from '../../core/integrity/manifest.js';
import { parseManifest } from '../../core/integrity/parse-manifest.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { weeksOverlapping } from '../../core/period/rollup-period.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import type { StoredWeekRead } from '../../core/report/rollup-sources.js';

/** A stored week's manifest and gaps, or why it cannot be drawn on. */
async function readStoredWeek(
  store: ReportStore,
  projectId: string,
  week: ReportPeriod,
): Promise<StoredWeekRead> {
  const prefix = reportPrefix(projectId, week);
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
  projectId: string,
  period: ReportPeriod,
): Promise<Array<{ week: ReportPeriod; read: StoredWeekRead }>> {
  const weeks: Array<{ week: ReportPeriod; read: StoredWeekRead }> = [];
  for (const week of weeksOverlapping(period)) {
    weeks.push({ week, read: await readStoredWeek(store, projectId, week) });
  }
  return weeks;
}
