import type { FigureSource } from '../history/headline-history.js';
import { weeklySeries } from '../history/twelve-weeks.js';
import { headlineCount, previousFigure, previousHeadline } from '../report/headline-figures.js';
import type { QueryResult, ReportData } from '../report/report-model.js';
import { trendEligibility } from '../trends/trend-eligibility.js';
import { formatCount } from './format.js';
import { buildSparkline, NO_SPARKLINE, type SparklineView } from './sparkline-view.js';

/** A headline tile: this week's exact number and how it compares with the previous week. */
export interface TileView {
  label: string;
  value: string;
  section: string;
  /** `▲ 118 (+15%)`, `▼ 3 (−2%)`, `no change`; empty without a previous figure. */
  delta: string;
  direction: 'up' | 'down' | 'same' | 'none';
  /** `vs 812 in 2026-W46 (stored report)`, or why there is no comparison. */
  comparison: string;
  /** The 12-week sparkline (not shown without a weekly history). */
  spark: SparklineView;
  /** Where the previous figure came from: `stored report`, `Descope analytics` or `none`. */
  source: string;
}

const SOURCE_TEXT = new Map<FigureSource, string>([
  ['stored-report', 'stored report'],
  ['analytics', 'Descope analytics'],
  ['none', 'none'],
]);

/** The tile's comparison from the merged history (every headline, each figure with its source). */
function fromHistory(
  data: ReportData,
  result: QueryResult,
  base: Omit<TileView, 'delta' | 'direction' | 'comparison' | 'source' | 'spark'>,
): Omit<TileView, 'spark'> | undefined {
  const figure = previousFigure(data, result);
  if (!figure) return undefined;
  const source = SOURCE_TEXT.get(figure.source) ?? figure.source;
  if (figure.value === null) {
    return {
      ...base,
      delta: '',
      direction: 'none',
      comparison: `no previous-week figure (${figure.reason ?? 'none'})`,
      source,
    };
  }
  return {
    ...base,
    ...compare(headlineCount(result), figure.value),
    comparison: `vs ${formatCount(figure.value)} in ${figure.week} (${source})`,
    source,
  };
}

function compare(value: number, previous: number): Pick<TileView, 'delta' | 'direction'> {
  const change = value - previous;
  if (change === 0) return { delta: 'no change', direction: 'same' };
  return {
    delta: `${change > 0 ? '▲' : '▼'} ${formatCount(Math.abs(change))} (${percent(change, previous)})`,
    direction: change > 0 ? 'up' : 'down',
  };
}

function percent(change: number, previous: number): string {
  if (previous === 0) return 'new';
  const value = Math.round((Math.abs(change) / previous) * 100);
  return `${change > 0 ? '+' : '−'}${value}%`;
}

function tile(data: ReportData, result: QueryResult, label: string): Omit<TileView, 'spark'> {
  const value = headlineCount(result);
  const base = { label, value: formatCount(value), section: result.query.id };
  const merged = fromHistory(data, result, base);
  if (merged) return merged;
  const previous = previousHeadline(data, result);
  if (previous === undefined) {
    const eligibility = trendEligibility(result.query);
    const why = !data.trends.available
      ? 'trends unavailable'
      : eligibility.ok
        ? 'no previous figure'
        : 'not counted by analytics';
    return {
      ...base,
      delta: '',
      direction: 'none',
      comparison: `no previous-week figure (${why})`,
      source: 'none',
    };
  }
  const weeks = data.trends.available ? data.trends.history.weeks : [];
  const comparison = `vs ${formatCount(previous)} in ${weeks[weeks.length - 1] ?? 'the previous week'}`;
  return { ...base, ...compare(value, previous), comparison, source: 'Descope analytics' };
}

/** Tiles for the queries with a `headline`, in catalog order. */
export function buildTileViews(data: ReportData): TileView[] {
  return data.results.flatMap((result) => {
    const label = result.query.headline;
    if (!label) return [];
    const spark = data.history?.weeks.length
      ? buildSparkline(label, weeklySeries(data, result))
      : NO_SPARKLINE;
    return [{ ...tile(data, result, label), spark }];
  });
}
