import type { ManifestSigner } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import { parseStoredGaps } from '../../core/history/stored-gaps.js';
import { MANIFEST_FILE, sha256Hex } from '../../core/integrity/manifest.js';
import { parseManifest } from '../../core/integrity/parse-manifest.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { weeksOverlapping } from '../../core/period/rollup-period.js';
import { reportPrefix } from '../../core/report/report-prefix.js';
import type { StoredWeekRead } from '../../core/report/rollup-sources.js';
import { newestSealedRevision } from '../publish/sealed-revisions.js';
import { readStoredDays } from './read-stored-days.js';
import type { StoredInputs } from './stored-inputs.js';

/** What a stored week is used for, as an unverified one's gap says. */
export const ROLLUP_USE = 'this rollup (its evidence and gaps)';

const PROJECT = { kind: 'project' } as const;

const noStoredReport = (week: ReportPeriod) => `${week.label} has no stored report`;

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
  if (!prefix) return { ok: false, reason: noStoredReport(week) };
  if (inputs.verifying) {
    const at = { folder: prefix, period: week, expected: { projectId, period: week.label, scope: PROJECT } };
    const verified = await inputs.manifest(at, ROLLUP_USE);
    if (!verified) {
      const failed = inputs.unverified().find((u) => u.file === `${prefix}${MANIFEST_FILE}`);
      const reason = failed
        ? `${week.label}'s manifest failed verification (${failed.problem})`
        : noStoredReport(week);
      return { ok: false, reason };
    }
    const summary = await inputs.file(at, 'summary.json', ROLLUP_USE);
    const gaps = summary ? parseStoredGaps(summary) : undefined;
    return { ok: true, prefix, files: verified.manifest.files, sha256: verified.sha256, gaps };
  }
  const body = await store.get(`${prefix}${MANIFEST_FILE}`);
  if (!body) return { ok: false, reason: noStoredReport(week) };
  const parsed = parseManifest(body);
  if (!parsed.ok) return { ok: false, reason: `${week.label}'s manifest ${parsed.problem}` };
  const summary = await store.get(`${prefix}summary.json`);
  const gaps = summary ? parseStoredGaps(summary) : undefined;
  return { ok: true, prefix, files: parsed.manifest.files, sha256: sha256Hex(body), gaps };
}

/** What lets a week without a stored report be drawn from its seven stored days (a signing run). */
export interface RollupDays {
  signer?: ManifestSigner;
  plans: readonly CollectionPlan[];
}

/**
 * The stored report of each ISO week overlapping `period`, in order (no Descope request). A week
 * with no stored report of its own whose seven stored days verify (as a week built from them
 * checks them: signed, complete, this catalog's filters) is drawn on day by day instead, each day
 * a source of its own; its parts are checked against the day's manifest as they are read.
 */
export async function readStoredWeeks(
  store: ReportStore,
  inputs: StoredInputs,
  projectId: string,
  period: ReportPeriod,
  days?: RollupDays,
): Promise<Array<{ week: ReportPeriod; read: StoredWeekRead }>> {
  const weeks: Array<{ week: ReportPeriod; read: StoredWeekRead }> = [];
  for (const week of weeksOverlapping(period)) {
    const read = await readStoredWeek(store, inputs, projectId, week);
    // A run that signs nothing cannot verify days: it draws on stored weeks only, as before.
    if (read.ok || !days?.signer || read.reason !== noStoredReport(week)) {
      weeks.push({ week, read });
      continue;
    }
    const fromDays = await readStoredDays({
      store,
      ...days,
      projectId,
      week,
      everyDay: true,
      checkParts: false,
    });
    if (!fromDays.ok && fromDays.noneStored) {
      weeks.push({ week, read });
      continue;
    }
    if (!fromDays.ok) {
      weeks.push({
        week,
        read: {
          ok: false,
          reason: `${read.reason}, and its stored days cannot stand in: ${fromDays.reason}`,
        },
      });
      continue;
    }
    for (const day of fromDays.days) {
      const { prefix, files, sha256 } = day;
      weeks.push({ week: day.period, read: { ok: true, prefix, files, sha256, gaps: new Map() } });
    }
  }
  return weeks;
}
