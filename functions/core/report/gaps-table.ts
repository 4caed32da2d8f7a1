import type { QueryTable, ReportData, UnverifiedInput } from './report-model.js';

/** File name of the gaps table; no query may take it. */
export const GAPS_FILE = 'gaps.csv';

/** Where a stored input that failed verification is listed among the gaps, instead of a query. */
export const UNVERIFIED_INPUT_ID = 'stored-input';
export const UNVERIFIED_INPUT_TITLE = 'Stored earlier report (failed verification)';

/** Why a stored input is a gap: the file, what failed, and what it was not used for. */
export const unverifiedReason = (u: UnverifiedInput): string =>
  `${u.file} failed verification (${u.problem}): not used for ${u.usedFor}`;

/**
 * Every time range a query could not read in full, one row each, then every stored input that
 * failed verification, so the CSV set says what is missing as precisely as the HTML does. Header
 * only when the report is complete.
 */
export function gapsTable(data: ReportData): QueryTable {
  return {
    columns: ['query_id', 'query_title', 'from', 'to', 'reason', 'expected_records', 'records_read'],
    rows: [
      ...data.results.flatMap((r) =>
        r.gaps.map((g) => [
          r.query.id,
          r.query.title,
          new Date(g.from).toISOString(),
          new Date(g.to).toISOString(),
          g.reason,
          g.expected === undefined ? '' : g.expected,
          g.fetched,
        ]),
      ),
      ...(data.unverifiedInputs ?? []).map((u) => [
        UNVERIFIED_INPUT_ID,
        UNVERIFIED_INPUT_TITLE,
        new Date(u.from).toISOString(),
        new Date(u.to).toISOString(),
        unverifiedReason(u),
        '',
        0,
      ]),
    ],
  };
}
