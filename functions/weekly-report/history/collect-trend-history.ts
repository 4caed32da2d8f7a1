import type { AuditAnalyticsSource } from '../../adapters/audit-analytics-source.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { AnalyticsCount } from '../../core/records/analytics-count.js';
import { buildWeeklyHistory, planTrendHistory, type Trends } from '../../core/trends/weekly-history.js';
import { describeError } from '../../shared/errors.js';

export interface TrendHistory {
  project: Trends;
  /** A tenant's history (from the tenant-grouped search), or why there is none. */
  tenant(tenantId: string): Trends;
  /** Analytics searches sent (whether or not they succeeded). */
  requests: number;
}

export interface CollectTrendHistoryInput {
  /** Absent: trends are reported unavailable (never zero). */
  analytics?: AuditAnalyticsSource;
  period: ReportPeriod;
  queries: readonly QueryDefinition[];
  /** Why no analytics search is needed (the stored reports cover the weeks); none is sent. */
  unneeded?: string;
  /** Set when per-tenant reports are on: one more search, grouped by tenant. */
  tenants?: { include?: string[] };
}

/**
 * The previous weeks' counts behind week-over-week figures and findings, from one analytics search
 * (two with tenant reports). Never reads older weeks' records through audit search. A failed
 * search makes the trends unavailable, with the reason, and the report still renders.
 */
export async function collectTrendHistory(input: CollectTrendHistoryInput): Promise<TrendHistory> {
  const planned = planTrendHistory(input.period, input.queries, input.tenants);
  if (!planned.ok || !input.analytics || input.unneeded) {
    const reason = !planned.ok
      ? planned.reason
      : (input.unneeded ?? 'Descope analytics is not available to this run');
    const none: Trends = { available: false, reason };
    return { project: none, tenant: () => none, requests: 0 };
  }
  const { plan } = planned;
  const analytics = input.analytics;
  let requests = 0;
  const read = async (query: typeof plan.project): Promise<AnalyticsCount[] | string> => {
    requests += 1;
    try {
      return await analytics.count(query);
    } catch (error) {
      return `the Descope analytics search failed (${describeError(error)})`;
    }
  };
  const [projectRows, tenantRows] = await Promise.all([
    read(plan.project),
    plan.tenants ? read(plan.tenants) : Promise.resolve(undefined),
  ]);
  const project: Trends =
    typeof projectRows === 'string'
      ? { available: false, reason: projectRows }
      : { available: true, history: buildWeeklyHistory(plan, input.queries, projectRows) };
  const tenant = (tenantId: string): Trends => {
    if (tenantRows === undefined) return { available: false, reason: 'per-tenant history was not requested' };
    if (typeof tenantRows === 'string') return { available: false, reason: tenantRows };
    return { available: true, history: buildWeeklyHistory(plan, input.queries, tenantRows, tenantId) };
  };
  return { project, tenant, requests };
}
