import type { AccessReview } from '../access/access-review.js';
import type { ReportCatalog } from '../catalog/report-catalog.js';
import { scopeQueryToTenant } from '../catalog/tenant-query-scope.js';
import type { RiskExceptions } from '../exceptions/risk-exception.js';
import { listFindings } from '../findings/evaluate-findings.js';
import type { ComplianceContext } from '../frameworks/compliance-context.js';
import type { ReportPeriod } from '../period/period.js';
import type { Trends } from '../trends/weekly-history.js';
import type { CollectionSource } from './collection-source.js';
import {
  isReportComplete,
  type QueryResult,
  type ReportData,
  type ReportScope,
  type UnverifiedInput,
} from './report-model.js';
import { assembleScopeReport, NO_STORED_WEEKS, type StoredWeeks } from './scope-report.js';
import type { TenantsNotReported } from './tenant-coverage.js';

export interface ReportSetInput {
  projectId: string;
  period: ReportPeriod;
  retentionDays: number;
  catalog: ReportCatalog;
  results: QueryResult[];
  trends: Trends;
  /** Each reported tenant's results (the tenants chosen before any per-tenant work). */
  tenantResults: ReadonlyMap<string, QueryResult[]>;
  tenantTrends: (tenantId: string) => Trends;
  rejectedTenants: ReadonlyMap<string, number>;
  /** The tenants past `maxReports`. @default none */
  notReportedTenants?: TenantsNotReported;
  /** The project's stored previous weeks. @default none */
  stored?: StoredWeeks;
  /** A tenant's stored previous weeks. @default none */
  tenantStored?: (tenantId: string) => StoredWeeks;
  /** The frameworks every report maps its evidence to. */
  compliance: ComplianceContext;
  /** Builds each scope's access review from its results; absent when the review is off. */
  reviewAccess?: (scope: ReportScope, results: readonly QueryResult[]) => AccessReview;
  /**
   * The stored inputs of a scope that failed verification (and were not used); absent when the run
   * verified none (it signs nothing).
   */
  unverified?: (scope: ReportScope) => UnverifiedInput[] | undefined;
  /** The accepted risks (exceptions file); absent when none is configured. */
  exceptions?: RiskExceptions;
  /** Where the records came from (every scope's report says it). */
  source?: CollectionSource;
}

/** The project-wide report and, when enabled, one report per tenant. */
export interface ReportSet {
  project: ReportData;
  tenants: ReportData[];
}

/** No tenant past `maxReports`. */
const NONE_NOT_REPORTED: TenantsNotReported = {
  tenants: 0,
  records: 0,
  table: { columns: ['tenant_id', 'records'], rows: [] },
  file: 'tenants-not-reported.csv',
};

/** Assembles every report of the run from the collected results, the history and the catalog. */
export function assembleReports(input: ReportSetInput): ReportSet {
  const base = {
    projectId: input.projectId,
    period: input.period,
    retentionDays: input.retentionDays,
    compliance: input.compliance,
    source: input.source,
  };
  const tenants: ReportData[] = [];
  let coverage: ReportData['tenants'];
  if (input.catalog.tenants.enabled) {
    // Which tenants get a report was decided before their results were computed (tenant-census.ts).
    for (const tenantId of [...input.tenantResults.keys()].sort()) {
      const results = (input.tenantResults.get(tenantId) ?? []).map((r) => ({
        ...r,
        query: scopeQueryToTenant(r.query, tenantId),
      }));
      const stored = input.tenantStored?.(tenantId) ?? NO_STORED_WEEKS;
      const scope: ReportScope = { kind: 'tenant', tenantId };
      tenants.push(
        assembleScopeReport(input, base, { scope, results, analytics: input.tenantTrends(tenantId), stored }),
      );
    }
    coverage = {
      reports: tenants.map((t) => ({
        tenantId: t.scope.kind === 'tenant' ? t.scope.tenantId : '',
        findings: listFindings(t.findings).length,
        complete: isReportComplete(t),
      })),
      notReported: input.notReportedTenants ?? NONE_NOT_REPORTED,
      rejected: [...input.rejectedTenants.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([tenantId, records]) => ({ tenantId, records })),
    };
  }
  const project = assembleScopeReport(
    input,
    base,
    {
      scope: { kind: 'project' },
      results: input.results,
      analytics: input.trends,
      stored: input.stored ?? NO_STORED_WEEKS,
    },
    coverage,
  );
  return { project, tenants };
}
