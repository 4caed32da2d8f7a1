import type { RollupInfo } from '../report/rollup-model.js';
import { QUERIES_FILE } from '../sql/queries-script.js';
import { formatRange, plural } from './format.js';

export interface RollupView {
  shown: boolean;
  summary: string;
  /** How an auditor re-runs the tables from the weekly folders (the HTML only). */
  reproduce: string;
  weeks: Array<{ week: string; range: string; manifest: string; sha256: string }>;
  missing: Array<{ week: string; range: string; reason: string }>;
  /** `binder.pdf NOT produced: <why>`, or '' (printed, or not asked for). */
  binderGap: string;
}

/** The "Built from stored weeks" section of a month, quarter or range report. */
export function buildRollupView(rollup: RollupInfo | undefined): RollupView {
  if (!rollup) return { shown: false, summary: '', reproduce: '', weeks: [], missing: [], binderGap: '' };
  const storedDays = rollup.sources.filter((s) => s.day).length;
  const weekly = plural(rollup.sources.length - storedDays, 'stored weekly report', 'stored weekly reports');
  // A week with no stored report of its own may be drawn from its seven stored daily reviews.
  const drawn =
    storedDays > 0
      ? `${weekly} and ${plural(storedDays, 'stored daily review', 'stored daily reviews')} (each of a week without a stored report of its own, all seven of its days verified)`
      : weekly;
  const gaps =
    rollup.missing.length > 0
      ? ` ${plural(rollup.missing.length, 'week is', 'weeks are')} missing from the store and listed as gaps; no figure of ${rollup.missing.length === 1 ? 'it' : 'them'} comes from Descope analytics.`
      : ' No week is missing.';
  return {
    shown: true,
    summary:
      `Recomputed from the evidence of ${drawn} (records outside the range left out, distinct counts exact ` +
      `across weeks), without any Descope request.${gaps}`,
    reproduce:
      `${QUERIES_FILE} in this folder re-runs every table from the weekly folders' evidence: download the ` +
      `project's whole folder and run duckdb -c ".read ${QUERIES_FILE}" from inside this one. It checks each ` +
      `part against its week's manifest before reading it.`,
    binderGap:
      rollup.binderNotProduced === undefined ? '' : `binder.pdf NOT produced: ${rollup.binderNotProduced}`,
    weeks: rollup.sources.map((s) => ({
      week: s.week,
      range: formatRange(s.from, s.to),
      manifest: s.manifest ?? '',
      sha256: s.manifestSha256 ?? '',
    })),
    missing: rollup.missing.map((s) => ({
      week: s.week,
      range: formatRange(s.from, s.to),
      reason: s.reason ?? '',
    })),
  };
}
