import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryDefinition } from '../catalog/query-definition.js';
import type { ReportPeriod } from '../period/period.js';
import { shiftWeek } from '../period/period.js';
import { trendEligibility } from '../trends/trend-eligibility.js';
import { HISTORY_WEEKS, type Trends } from '../trends/weekly-history.js';
import type { StoredWeek } from './stored-summary.js';

/** Weeks a headline's sparkline spans, the report's own week included. */
export const SPARKLINE_WEEKS = 12;

/** Where a past figure came from. */
export type FigureSource = 'stored-report' | 'analytics' | 'none';

export interface PastFigure {
  week: string;
  /** `null` when no source has the figure (`source: 'none'`). */
  value: number | null;
  source: FigureSource;
  /** Why there is no figure, for `source: 'none'`. */
  reason?: string;
}

/** The previous weeks of every headline, each figure with its source. */
export interface HeadlineHistory {
  /** The `SPARKLINE_WEEKS - 1` ISO weeks before the report's, oldest first (the last is the previous week). */
  weeks: string[];
  /** Query id → one figure per week (ids are configuration: a Map). */
  figures: ReadonlyMap<string, PastFigure[]>;
  /** The weeks read from stored reports. */
  storedWeeks: string[];
  /** Stored summaries that could not be used, and why. */
  notes: string[];
}

/** The ISO weeks before `period` whose figures a report shows, oldest first. */
export const historyWeeks = (period: ReportPeriod, count = SPARKLINE_WEEKS - 1): ReportPeriod[] =>
  Array.from({ length: count }, (_, i) => shiftWeek(period, i - count));

function analyticsFigure(trends: Trends, query: QueryDefinition, week: string): number | undefined {
  if (!trends.available || !trendEligibility(query).ok) return undefined;
  const index = trends.history.weeks.indexOf(week);
  if (index < 0) return undefined;
  return trends.history.counts.get(query.id)?.[index];
}

/**
 * Merges the stored reports of previous weeks with analytics: a stored summary's headline is used
 * whenever it has the query (exact), analytics only for a week with no stored figure and a query it
 * can count, and otherwise the figure is `none` with the reason. Handled per headline: a stored
 * summary written before a query was added still gives every other headline.
 */
export function mergeHeadlineHistory(input: {
  weeks: readonly string[];
  queries: readonly QueryDefinition[];
  stored: ReadonlyMap<string, StoredWeek>;
  analytics: Trends;
  notes?: string[];
}): HeadlineHistory {
  const figures = new Map<string, PastFigure[]>();
  for (const query of input.queries) {
    const eligible = trendEligibility(query);
    figures.set(
      query.id,
      input.weeks.map((week): PastFigure => {
        const stored = input.stored.get(week);
        const value = stored?.headlines.get(query.id);
        if (value !== undefined) return { week, value, source: 'stored-report' };
        const counted = analyticsFigure(input.analytics, query, week);
        if (counted !== undefined) return { week, value: counted, source: 'analytics' };
        const reason = stored
          ? 'the stored report has no such query'
          : !eligible.ok
            ? 'not reported, and not counted by analytics'
            : input.analytics.available
              ? 'not reported, and outside the analytics weeks'
              : 'not reported, and analytics unavailable';
        return { week, value: null, source: 'none', reason };
      }),
    );
  }
  return {
    weeks: [...input.weeks],
    figures,
    storedWeeks: input.weeks.filter((w) => input.stored.has(w)),
    notes: input.notes ?? [],
  };
}

/** Whether the stored reports alone cover the findings' history weeks (no analytics search needed). */
export function storedCoversFindings(period: ReportPeriod, stored: ReadonlyMap<string, StoredWeek>): boolean {
  return historyWeeks(period, HISTORY_WEEKS).every((w) => stored.get(w.label)?.geos !== undefined);
}

/**
 * The findings' history (failed logins per country over the `HISTORY_WEEKS` weeks before): each
 * week from its stored report when it lists countries, else from analytics. Unavailable, naming the
 * weeks, when some week has neither.
 */
export function mergeFindingTrends(
  period: ReportPeriod,
  stored: ReadonlyMap<string, StoredWeek>,
  analytics: Trends,
): Trends {
  if (period.kind !== 'iso-week') return analytics;
  const weeks = historyWeeks(period, HISTORY_WEEKS).map((w) => w.label);
  if (weeks.every((w) => stored.get(w)?.geos === undefined)) return analytics;
  const geos = new Map<string, number[]>();
  const missing: string[] = [];
  const sources: Array<'stored-report' | 'analytics'> = [];
  weeks.forEach((week, index) => {
    const fromStore = stored.get(week)?.geos;
    sources.push(fromStore ? 'stored-report' : 'analytics');
    const analyticsIndex = analytics.available ? analytics.history.weeks.indexOf(week) : -1;
    if (!fromStore && analyticsIndex < 0) {
      missing.push(week);
      return;
    }
    const entries: Iterable<[string, number]> = fromStore
      ? fromStore
      : analytics.available
        ? [...analytics.history.geos].map(
            ([geo, series]) => [geo, series[analyticsIndex] ?? 0] as [string, number],
          )
        : [];
    for (const [geo, count] of entries) {
      const series = geos.get(geo) ?? weeks.map(() => 0);
      series[index] = count;
      geos.set(geo, series);
    }
  });
  if (missing.length > 0) {
    const why = analytics.available ? 'outside the analytics weeks' : analytics.reason;
    return {
      available: false,
      reason: `no failed-login figures by country for ${missing.join(', ')} (not reported; ${why})`,
    };
  }
  const counts = new Map<string, number[]>();
  const geoQuery = FINDING_QUERIES.failedByGeo;
  const series = weeks.map((w) => stored.get(w)?.headlines.get(geoQuery));
  if (series.every((v) => v !== undefined)) counts.set(geoQuery, series as number[]);
  return {
    available: true,
    history: { weeks, counts, geos, note: analytics.available ? analytics.history.note : '', sources },
  };
}
