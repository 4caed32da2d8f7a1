import { queryControlLabels } from '../frameworks/control-index.js';
import { isMaskedSource, loginIdColumns } from '../stream/pii-masking.js';
import { headlineCount, previousFigure, previousHeadline } from './headline-figures.js';
import type { QueryResult, ReportData } from './report-model.js';
import { rowCount } from './rows-held.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** One query in `summary.json`: its totals, previous figures, evidence and gaps. */
export function querySummary(data: ReportData, r: QueryResult, evidencePrefix: string) {
  const previous = previousHeadline(data, r);
  return {
    id: r.query.id,
    title: r.query.title,
    controls: queryControlLabels(data.compliance.frameworks, r.query),
    filter: r.query.filter,
    where: r.query.where,
    // A SQL query's statement (the built-ins' SQL is in queries.sql).
    ...(r.query.aggregation.kind === 'sql' ? { sql: r.query.aggregation.sql } : {}),
    complete: r.complete,
    records: r.records,
    rows: rowCount(r.table),
    headline: headlineCount(r),
    previousWeekHeadline: previous ?? null,
    ...(data.history ? { previousWeek: previousFigure(data, r) ?? null } : {}),
    csv: `${r.query.id}.csv`,
    // A rollup's evidence is the weekly folders' parts it read, by their paths from its folder.
    evidence:
      data.rollup?.evidence.find((e) => e.evidenceFile === r.evidenceFile)?.parts.map((p) => p.path) ??
      `${evidencePrefix}${r.evidenceFile}`,
    gaps: r.gaps.map((g) => ({
      from: iso(g.from),
      to: iso(g.to),
      reason: g.reason,
      ...(g.expected !== undefined ? { expected: g.expected } : {}),
      fetched: g.fetched,
    })),
    ...(r.underCount ? { apiUnderCount: r.underCount } : {}),
    // A masked stream's login IDs cannot be told apart: these columns' numbers mean nothing.
    notComputable: isMaskedSource(data.source) ? loginIdColumns(r.query.aggregation) : [],
  };
}
