import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import type { QueryDefinition } from '../catalog/query-definition.js';
import { DAY_MS, type ReportPeriod, shiftWeek } from '../period/period.js';
import type { AnalyticsCount, AnalyticsDimension, AnalyticsQuery } from '../records/analytics-count.js';
import { trendEligibility } from './trend-eligibility.js';

/** Weeks of history behind week-over-week figures and the 4-week medians of the findings. */
export const HISTORY_WEEKS = 4;

/** Previous weeks' counts for one scope (the project, or one tenant), oldest week first. */
export interface WeeklyHistory {
  /** ISO week labels, oldest first; the last one is the previous week. */
  weeks: string[];
  /** Headline count per previous week of each query analytics can reproduce, by query id. */
  counts: ReadonlyMap<string, number[]>;
  /** Failed logins (as the by-country query counts them) per country per previous week (country codes are data: a Map). */
  geos: ReadonlyMap<string, number[]>;
  /** Caveat about the analytics buckets, empty when they are whole UTC days. */
  note: string;
  /** Where each week's figures came from (`stored-report` or `analytics`). @default every week analytics */
  sources?: Array<'stored-report' | 'analytics'>;
}

/** History for a scope, or why there is none (never a silent zero). */
export type Trends = { available: true; history: WeeklyHistory } | { available: false; reason: string };

/** The analytics searches a run needs for its trends: one for the project, one more for tenant reports. */
export interface TrendPlan {
  weeks: ReportPeriod[];
  project: AnalyticsQuery;
  tenants?: AnalyticsQuery;
}

/**
 * Plans the history of the `HISTORY_WEEKS` ISO weeks before `period` as one analytics search
 * grouped by day and by every dimension a query needs (action and country always: the findings
 * compare countries). Day buckets are summed into ISO weeks here rather than trusting the API's
 * undocumented week buckets. Tenant reports need a second search grouped by tenant: with tenant
 * grouping an event of several tenants counts once per tenant, so project totals cannot come from it.
 */
export function planTrendHistory(
  period: ReportPeriod,
  queries: readonly QueryDefinition[],
  tenants?: { include?: string[] },
): { ok: true; plan: TrendPlan } | { ok: false; reason: string } {
  if (period.kind !== 'iso-week') {
    return {
      ok: false,
      reason: 'week-over-week trends compare ISO weeks; this report covers a custom period',
    };
  }
  const weeks = Array.from({ length: HISTORY_WEEKS }, (_, i) => shiftWeek(period, i - HISTORY_WEEKS));
  const dimensions = new Set<AnalyticsDimension>(['action', 'geo']);
  const actions = new Set<string>();
  let everyQueryNamesActions = true;
  let eligible = 0;
  for (const query of queries) {
    const eligibility = trendEligibility(query);
    if (!eligibility.ok) continue;
    eligible += 1;
    for (const d of eligibility.dimensions) dimensions.add(d);
    if (query.filter.actions) for (const a of query.filter.actions) actions.add(a);
    else everyQueryNamesActions = false;
  }
  if (eligible === 0)
    return { ok: false, reason: 'no query of the catalog can be counted by Descope analytics' };
  const first = weeks[0] ?? period;
  const project: AnalyticsQuery = {
    // A millisecond before the first week: the API's edge semantics are undocumented.
    from: first.from - 1,
    to: period.from,
    ...(everyQueryNamesActions && actions.size > 0 ? { actions: [...actions].sort() } : {}),
    groupBy: [...dimensions].sort(),
  };
  const plan: TrendPlan = { weeks, project };
  if (tenants) {
    plan.tenants = {
      ...project,
      ...(tenants.include ? { tenants: [...tenants.include].sort() } : {}),
      groupBy: [...dimensions, 'tenant' as const].sort(),
    };
  }
  return { ok: true, plan };
}

function offsetNote(rows: readonly AnalyticsCount[]): string {
  const offset = rows.find((row) => row.day % DAY_MS !== 0);
  if (!offset) return '';
  const time = new Date(offset.day).toISOString().slice(11, 16);
  return `Descope's analytics day buckets start at ${time} UTC, not midnight: past weeks may be shifted by up to a day.`;
}

/**
 * Sums analytics day counts into the plan's weeks for one scope: every row, or the rows of
 * `tenantId`. Rows outside the weeks (the edge millisecond) are ignored; an empty country is
 * `unknown`, as in the report's tables.
 */
export function buildWeeklyHistory(
  plan: TrendPlan,
  queries: readonly QueryDefinition[],
  rows: readonly AnalyticsCount[],
  tenantId?: string,
): WeeklyHistory {
  const scoped = tenantId === undefined ? rows : rows.filter((row) => row.tenant === tenantId);
  const weekOf = (day: number) => plan.weeks.findIndex((w) => day >= w.from && day < w.to);
  const zeros = () => plan.weeks.map(() => 0);
  const counts = new Map<string, number[]>();
  const geos = new Map<string, number[]>();
  for (const query of queries) {
    const eligibility = trendEligibility(query);
    if (!eligibility.ok) continue;
    const weekly = zeros();
    const byGeo = query.id === FINDING_QUERIES.failedByGeo;
    for (const row of scoped) {
      const week = weekOf(row.day);
      if (week < 0 || !eligibility.matches(row)) continue;
      weekly[week] = (weekly[week] ?? 0) + row.count;
      if (byGeo) {
        const geo = row.geo || 'unknown';
        const series = geos.get(geo) ?? zeros();
        series[week] = (series[week] ?? 0) + row.count;
        geos.set(geo, series);
      }
    }
    counts.set(query.id, weekly);
  }
  return { weeks: plan.weeks.map((w) => w.label), counts, geos, note: offsetNote(scoped) };
}
