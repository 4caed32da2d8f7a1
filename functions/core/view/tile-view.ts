import { formatCount } from '../format.js';
import { headlineCount, previousHeadline, type QueryResult, type ReportData } from '../report-model.js';
import { trendEligibility } from '../trends/trend-eligibility.js';

/** A headline tile: this week's exact number and how it compares with the previous week. */
export interface TileView {
  label: string;
  value: string;
  section: string;
  /** `▲ 118 (+15%)`, `▼ 3 (−2%)`, `no change`; empty without a previous figure. */
  delta: string;
  direction: 'up' | 'down' | 'same' | 'none';
  /** `vs 812 in 2026-W46`, or why there is no comparison. */
  comparison: string;
}

function percent(change: number, previous: number): string {
  if (previous === 0) return 'new';
  const value = Math.round((Math.abs(change) / previous) * 100);
  return `${change > 0 ? '+' : '−'}${value}%`;
}

function tile(data: ReportData, result: QueryResult, label: string): TileView {
  const value = headlineCount(result);
  const base = { label, value: formatCount(value), section: result.query.id };
  const previous = previousHeadline(data, result);
  if (previous === undefined) {
    const eligibility = trendEligibility(result.query);
    const why = !data.trends.available
      ? 'trends unavailable'
      : eligibility.ok
        ? 'no previous figure'
        : 'not counted by analytics';
    return { ...base, delta: '', direction: 'none', comparison: `no previous-week figure (${why})` };
  }
  const weeks = data.trends.available ? data.trends.history.weeks : [];
  const comparison = `vs ${formatCount(previous)} in ${weeks[weeks.length - 1] ?? 'the previous week'}`;
  const change = value - previous;
  if (change === 0) return { ...base, delta: 'no change', direction: 'same', comparison };
  return {
    ...base,
    delta: `${change > 0 ? '▲' : '▼'} ${formatCount(Math.abs(change))} (${percent(change, previous)})`,
    direction: change > 0 ? 'up' : 'down',
    comparison,
  };
}

/** Tiles for the queries with a `headline`, in catalog order. */
export function buildTileViews(data: ReportData): TileView[] {
  return data.results.flatMap((result) =>
    result.query.headline ? [tile(data, result, result.query.headline)] : [],
  );
}
