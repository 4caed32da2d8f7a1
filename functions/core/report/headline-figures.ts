import type { PastFigure } from '../history/headline-history.js';
import type { QueryResult, ReportData } from './report-model.js';
import { rowCount } from './rows-held.js';

/** A query's headline: the number a reader sees first (records; rows for a `rows` or SQL query). */
export function headlineCount(result: QueryResult): number {
  const { kind } = result.query.aggregation;
  return kind === 'rows' || kind === 'sql' ? rowCount(result.table) : result.records;
}

/** The previous week's figure of a headline (with its source), when the report has the merged history. */
export const previousFigure = (data: ReportData, result: QueryResult): PastFigure | undefined =>
  data.history?.figures.get(result.query.id)?.at(-1);

/** The previous week's headline: from the merged history, else (no history) from analytics. */
export function previousHeadline(data: ReportData, result: QueryResult): number | undefined {
  if (data.history) return previousFigure(data, result)?.value ?? undefined;
  if (!data.trends.available) return undefined;
  return data.trends.history.counts.get(result.query.id)?.at(-1);
}
