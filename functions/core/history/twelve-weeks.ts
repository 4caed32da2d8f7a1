import { headlineCount } from '../report/headline-figures.js';
import type { QueryResult, ReportData } from '../report/report-model.js';
import type { FigureSource } from './headline-history.js';

/** One week of a headline's 12-week series; the report's own week is `this-report`. */
export interface WeekFigure {
  week: string;
  value: number | null;
  source: FigureSource | 'this-report';
}

/** A headline's previous weeks (from the merged history) and this week, oldest first. */
export function weeklySeries(data: ReportData, result: QueryResult): WeekFigure[] {
  const past = data.history?.figures.get(result.query.id) ?? [];
  return [
    ...past.map((f) => ({ week: f.week, value: f.value, source: f.source })),
    { week: data.period.label, value: headlineCount(result), source: 'this-report' as const },
  ];
}

/** `summary.json`'s 12-week table: every query's series, with each figure's source. */
export function weeklyTable(data: ReportData) {
  const first = data.results[0];
  return {
    weeks: first ? weeklySeries(data, first).map((f) => f.week) : [],
    rows: data.results.map((r) => {
      const series = weeklySeries(data, r);
      return { id: r.query.id, values: series.map((f) => f.value), sources: series.map((f) => f.source) };
    }),
  };
}
