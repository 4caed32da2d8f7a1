import type { ReportCatalog } from '../catalog/report-catalog.js';
import type { ComplianceContext } from '../frameworks/compliance-context.js';
import { DESCOPE_RETENTION_DAYS, type ReportPeriod } from '../period/period.js';
import type { QueryResult, ReportData, ReportScope, UnverifiedInput } from './report-model.js';
import { assembleReports } from './report-set.js';
import type { RollupInfo } from './rollup-model.js';

/**
 * A month, quarter or range report from its recomputed results: one project report (no tenant
 * reports), no week-over-week trends (it compares no weeks), and what it was built from.
 */
export function assembleRollupReport(input: {
  projectId: string;
  period: ReportPeriod;
  catalog: ReportCatalog;
  compliance: ComplianceContext;
  results: QueryResult[];
  rollup: RollupInfo;
  /** The stored inputs that failed verification; `undefined`: nothing was verified. */
  unverified?: (scope: ReportScope) => UnverifiedInput[] | undefined;
}): ReportData {
  const reports = assembleReports({
    projectId: input.projectId,
    period: input.period,
    retentionDays: DESCOPE_RETENTION_DAYS,
    catalog: { ...input.catalog, tenants: { ...input.catalog.tenants, enabled: false } },
    results: input.results,
    trends: { available: false, reason: 'a rollup is recomputed from stored weeks and compares no weeks' },
    tenantResults: new Map(),
    tenantTrends: () => ({ available: false, reason: 'no tenant rollups' }),
    rejectedTenants: new Map(),
    unverified: input.unverified,
    compliance: input.compliance,
  });
  return { ...reports.project, rollup: input.rollup };
}
