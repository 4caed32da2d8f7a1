import type { QueryTable, ReportData } from './report-model.js';

/** File name of the gaps table; no query may take it. */
export const GAPS_FILE = 'gaps.csv';

/**
 * Every time range a query could not read in full, one row each, so the CSV set says what is
 * missing as precisely as the HTML does. Header only when the report is complete.
 */
export function gapsTable(data: ReportData): QueryTable {
  return {
    columns: ['query_id', 'query_title', 'from', 'to', 'reason', 'expected_records', 'records_read'],
    rows: data.results.flatMap((r) =>
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
  };
}
