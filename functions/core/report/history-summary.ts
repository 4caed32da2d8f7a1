import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import { readResultRows } from '../findings/result-rows.js';
import type { ReportData } from './report-model.js';
import { partialTable } from './rows-held.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The weeks a rollup drew on (with their manifests' SHA-256) and those missing from the store. */
export const rollupSummary = (rollup: NonNullable<ReportData['rollup']>) => ({
  weeks: rollup.sources.map((s) => ({
    week: s.week,
    from: iso(s.from),
    to: iso(s.to),
    manifest: s.manifest,
    manifestSha256: s.manifestSha256,
  })),
  missingWeeks: rollup.missing.map((s) => ({
    week: s.week,
    from: iso(s.from),
    to: iso(s.to),
    reason: s.reason,
  })),
  // Absent (dropped by JSON.stringify) unless the binder could not be produced.
  binder:
    rollup.binderNotProduced === undefined
      ? undefined
      : { produced: false, reason: rollup.binderNotProduced },
});

const trendSource = (sources: readonly string[] | undefined) => {
  if (!sources) return 'descope-analytics';
  const kinds = new Set(sources);
  if (kinds.size === 1) return kinds.has('analytics') ? 'descope-analytics' : 'stored-reports';
  return 'stored-reports-and-descope-analytics';
};

/** This week's failed logins per country, which next week's findings read as history. */
export function failedLoginsByCountry(data: ReportData) {
  const result = data.results.find((r) => r.query.id === FINDING_QUERIES.failedByGeo);
  // A partial table would store partial history: none is stored, and next week says so.
  const rows =
    result && !partialTable(result.table) && readResultRows(result, { geo: 'geo', count: '#count' });
  if (!rows) return {};
  return { failedLoginsByCountry: rows.map((r) => ({ geo: r.geo, count: Number(r.count) })) };
}

/** Where the previous weeks' figures came from, or why there are none. */
export const trendsSummary = (data: ReportData) =>
  data.trends.available
    ? {
        available: true,
        source: trendSource(data.trends.history.sources),
        weeks: data.trends.history.weeks,
        ...(data.trends.history.sources ? { sources: data.trends.history.sources } : {}),
        note: data.trends.history.note,
      }
    : { available: false, reason: data.trends.reason };
