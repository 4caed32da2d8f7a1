import { UNVERIFIED_INPUT_TITLE, unverifiedReason } from '../report/gaps-table.js';
import type { ReportData } from '../report/report-model.js';
import { formatCount, formatRange } from './format.js';

/** One row of the Gaps table. */
export interface GapView {
  query: string;
  range: string;
  reason: string;
}

/** The Gaps table: every query gap and every stored input that failed verification. */
export function buildGapViews(data: ReportData): GapView[] {
  const queryGaps = data.results.flatMap((r) =>
    r.gaps.map((g) => ({
      query: r.query.title,
      range: formatRange(g.from, g.to),
      reason:
        g.expected !== undefined
          ? `${g.reason} (read ${formatCount(g.fetched)} of ${formatCount(g.expected)} records)`
          : `${g.reason} (read ${formatCount(g.fetched)} records)`,
    })),
  );
  const inputGaps = (data.unverifiedInputs ?? []).map((u) => ({
    query: UNVERIFIED_INPUT_TITLE,
    range: formatRange(u.from, u.to),
    reason: unverifiedReason(u),
  }));
  return [...queryGaps, ...inputGaps];
}

/** One note per evidence file whose API total fell short of the records read. */
export function buildCountNotes(data: ReportData): string[] {
  const notes = new Map<string, string>();
  for (const { evidenceFile, underCount } of data.results) {
    if (!underCount || notes.has(evidenceFile)) continue;
    notes.set(
      evidenceFile,
      `The API under-counted ${evidenceFile}: its total was ${formatCount(underCount.counted)} records for the ` +
        `period, ${formatCount(underCount.read)} were read. Every record read is in the numbers; the total is only a cross-check.`,
    );
  }
  return [...notes.values()];
}
