import type { QueryDefinition } from '../catalog/query-definition.js';
import type { AnalyticsCount, AnalyticsDimension } from '../records/analytics-count.js';
import type { AuditFilter } from '../records/audit-record.js';

/** Whether analytics counts can reproduce a query's headline for past weeks, and how. */
export type TrendEligibility =
  | { ok: true; dimensions: AnalyticsDimension[]; matches: (row: AnalyticsCount) => boolean }
  | { ok: false; reason: string };

// Keys come from configuration (a condition's field may be `constructor`): Maps, never object lookups.
const FILTER_DIMENSIONS = new Map<string, AnalyticsDimension>([
  ['devices', 'device'],
  ['methods', 'method'],
  ['geos', 'geo'],
] satisfies Array<[keyof AuditFilter, AnalyticsDimension]>);
const FIELD_DIMENSIONS = new Map<string, AnalyticsDimension>([
  ['action', 'action'],
  ['device', 'device'],
  ['method', 'method'],
  ['geo', 'geo'],
]);

/**
 * A query's headline can come from analytics when it counts records (not expanded role changes)
 * and every filter and condition is on a dimension analytics groups by (action, device, method,
 * geo). Anything else (users, addresses, text, `data` fields) analytics cannot see.
 */
export function trendEligibility(query: QueryDefinition): TrendEligibility {
  if (query.aggregation.kind === 'sql') {
    return { ok: false, reason: 'its rows come from its own SQL statement, which analytics cannot run' };
  }
  if (query.aggregation.kind === 'rows' && query.aggregation.expand) {
    return { ok: false, reason: 'role changes are read from change details, which analytics does not count' };
  }
  const dimensions = new Set<AnalyticsDimension>(['action']);
  const checks: Array<(row: AnalyticsCount) => boolean> = [];
  const { actions, excludedActions, ...rest } = query.filter;
  if (actions) checks.push((row) => actions.includes(row.action ?? ''));
  if (excludedActions) checks.push((row) => !excludedActions.includes(row.action ?? ''));
  for (const [key, values] of Object.entries(rest)) {
    const dimension = FILTER_DIMENSIONS.get(key);
    if (!dimension || !Array.isArray(values)) {
      return { ok: false, reason: `its filter on ${key} is not something analytics counts by` };
    }
    dimensions.add(dimension);
    const allowed: readonly string[] = values;
    checks.push((row) => allowed.includes(row[dimension] ?? ''));
  }
  for (const condition of query.where) {
    const dimension = FIELD_DIMENSIONS.get(condition.field);
    if (!dimension) {
      return {
        ok: false,
        reason: `its condition on ${condition.field} is not something analytics counts by`,
      };
    }
    dimensions.add(dimension);
    checks.push((row) => {
      const value = row[dimension] ?? '';
      return condition.in ? condition.in.includes(value) : !(condition.notIn ?? []).includes(value);
    });
  }
  return { ok: true, dimensions: [...dimensions], matches: (row) => checks.every((check) => check(row)) };
}
