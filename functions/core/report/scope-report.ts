import type { AccessReview } from '../access/access-review.js';
import { applyExceptions, exceptionsForScope, type RiskAcceptance } from '../exceptions/apply-exceptions.js';
import { markStale } from '../exceptions/stale-exceptions.js';
import { evaluateFindings } from '../findings/evaluate-findings.js';
import type { RuleOutcome } from '../findings/finding.js';
import { findUnverifiedInputs } from '../findings/integrity-findings.js';
import { compareFindings } from '../history/finding-changes.js';
import { historyWeeks, mergeFindingTrends, mergeHeadlineHistory } from '../history/headline-history.js';
import type { StoredWeek } from '../history/stored-summary.js';
import { comparedPeriod } from '../period/period.js';
import type { Trends } from '../trends/weekly-history.js';
import type { QueryResult, ReportData, ReportScope, UnverifiedInput } from './report-model.js';
import type { ReportSetInput } from './report-set.js';

/** A scope's stored previous weeks (ISO week label → summary) and the summaries skipped. */
export interface StoredWeeks {
  weeks: ReadonlyMap<string, StoredWeek>;
  notes: string[];
}

export const NO_STORED_WEEKS: StoredWeeks = { weeks: new Map(), notes: [] };

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

/** What one scope's report is built from: its results and analytics trends, its stored weeks. */
export interface ScopeSource {
  scope: ReportScope;
  results: QueryResult[];
  analytics: Trends;
  stored: StoredWeeks;
}

/**
 * One scope's report (the project's or a tenant's): its history, access review, findings with the
 * exceptions applied, what changed since the compared period, and its unverified inputs.
 */
export function assembleScopeReport(
  input: ReportSetInput,
  base: Pick<ReportData, 'projectId' | 'period' | 'retentionDays' | 'compliance' | 'source'>,
  { scope, results, analytics, stored }: ScopeSource,
  tenants?: ReportData['tenants'],
): ReportData {
  const { trends, history } = scopeHistory(input, results, analytics, stored);
  const access = input.reviewAccess?.(scope, results);
  const unverified = input.unverified?.(scope);
  const tenantId = scope.kind === 'tenant' ? scope.tenantId : undefined;
  const { findings, risks } = scopeFindings(input, results, trends, stored, access, tenantId, unverified);
  return {
    ...base,
    scope,
    results,
    trends,
    history,
    findings,
    risks,
    ...changesOf(input, findings, stored, risks),
    ...(tenants ? { tenants } : {}),
    ...(access ? { access } : {}),
    unverifiedInputs: failedOnly(unverified),
  };
}
