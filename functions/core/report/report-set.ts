import type { AccessReview } from '../access/access-review.js';
import type { ReportCatalog } from '../catalog/report-catalog.js';
import { scopeQueryToTenant } from '../catalog/tenant-query-scope.js';
import { applyExceptions, exceptionsForScope, type RiskAcceptance } from '../exceptions/apply-exceptions.js';
import type { RiskExceptions } from '../exceptions/risk-exception.js';
import { markStale } from '../exceptions/stale-exceptions.js';
import { evaluateFindings, listFindings } from '../findings/evaluate-findings.js';
import type { RuleOutcome } from '../findings/finding.js';
import { findUnverifiedInputs } from '../findings/integrity-findings.js';
import type { ComplianceContext } from '../frameworks/compliance-context.js';
import { compareFindings } from '../history/finding-changes.js';
import { historyWeeks, mergeFindingTrends, mergeHeadlineHistory } from '../history/headline-history.js';
import type { StoredWeek } from '../history/stored-summary.js';
import { comparedPeriod, type ReportPeriod } from '../period/period.js';
import type { Trends } from '../trends/weekly-history.js';
import type { CollectionSource } from './collection-source.js';
import {
  isReportComplete,
  type QueryResult,
  type ReportData,
  type ReportScope,
  type TenantsNotReported,
  type UnverifiedInput,
} from './report-model.js';

/** A scope's stored previous weeks (ISO week label → summary) and the summaries skipped. */
export interface StoredWeeks {
  weeks: ReadonlyMap<string, StoredWeek>;
  notes: string[];
}

const NO_STORED_WEEKS: StoredWeeks = { weeks: new Map(), notes: [] };

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

/**
 * A scope's findings: the audit rules, then the access review's rules, with the exceptions for the
 * scope applied (accepted findings move to `risks`; expired exceptions re-raise theirs), then the
 * stored inputs' integrity, which no exception can accept.
 */
function scopeFindings(
  input: ReportSetInput,
  results: QueryResult[],
  trends: Trends,
  stored: StoredWeeks,
  access: AccessReview | undefined,
  tenantId: string | undefined,
  unverified: UnverifiedInput[] | undefined,
): { findings: RuleOutcome[]; risks?: RiskAcceptance } {
  const findings = [...evaluateFindings(results, trends, input.catalog), ...(access?.findings ?? [])];
  const integrity = findUnverifiedInputs(unverified);
  if (!input.exceptions) return { findings: [...findings, integrity] };
  const scoped = exceptionsForScope(input.exceptions.exceptions, tenantId);
  const applied = applyExceptions(findings, scoped, input.period.to, input.exceptions.source, tenantId);
  return {
    findings: [...applied.outcomes, integrity],
    risks: markStale(applied.acceptance, input.period, stored.weeks),
  };
}

/** A scope's failed inputs as its report carries them: only when there are some. */
const failedOnly = (unverified: UnverifiedInput[] | undefined) =>
  unverified && unverified.length > 0 ? unverified : undefined;

/** A scope's history: every headline's previous figures and the findings' trends, stored reports first. */
function scopeHistory(
  input: ReportSetInput,
  results: readonly QueryResult[],
  analytics: Trends,
  stored: StoredWeeks,
) {
  const weeks = input.period.kind === 'iso-week' ? historyWeeks(input.period).map((w) => w.label) : [];
  return {
    trends: mergeFindingTrends(input.period, stored.weeks, analytics),
    history: mergeHeadlineHistory({
      weeks,
      queries: results.map((r) => r.query),
      stored: stored.weeks,
      analytics,
      notes: stored.notes,
    }),
  };
}

/** What changed since the previous period's stored report: last week's, or a day's day before. */
function changesOf(
  input: ReportSetInput,
  findings: readonly RuleOutcome[],
  stored: StoredWeeks,
  risks?: RiskAcceptance,
) {
  const previous = comparedPeriod(input.period)?.label;
  if (previous === undefined) return {};
  const accepted = risks && new Set(risks.accepted.map((a) => a.fingerprint));
  return { changes: compareFindings(findings, previous, stored.weeks.get(previous), accepted) };
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
      const { trends, history } = scopeHistory(input, results, input.tenantTrends(tenantId), stored);
      const scope: ReportScope = { kind: 'tenant', tenantId };
      const access = input.reviewAccess?.(scope, results);
      const unverified = input.unverified?.(scope);
      const { findings, risks } = scopeFindings(input, results, trends, stored, access, tenantId, unverified);
      tenants.push({
        ...base,
        scope,
        results,
        trends,
        history,
        findings,
        ...changesOf(input, findings, stored, risks),
        ...(access ? { access } : {}),
        unverifiedInputs: failedOnly(unverified),
        risks,
      });
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
  const access = input.reviewAccess?.({ kind: 'project' }, input.results);
  const { trends, history } = scopeHistory(
    input,
    input.results,
    input.trends,
    input.stored ?? NO_STORED_WEEKS,
  );
  const projectStored = input.stored ?? NO_STORED_WEEKS;
  const projectUnverified = input.unverified?.({ kind: 'project' });
  const { findings: projectFindings, risks } = scopeFindings(
    input,
    input.results,
    trends,
    projectStored,
    access,
    undefined,
    projectUnverified,
  );
  const project: ReportData = {
    ...base,
    scope: { kind: 'project' },
    results: input.results,
    trends,
    history,
    findings: projectFindings,
    risks,
    ...changesOf(input, projectFindings, projectStored, risks),
    ...(coverage ? { tenants: coverage } : {}),
    ...(access ? { access } : {}),
    unverifiedInputs: failedOnly(projectUnverified),
  };
  return { project, tenants };
}
