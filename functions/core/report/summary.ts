import { exceptionsSummary, findingEntry } from '../exceptions/exceptions-summary.js';
import { listFindings } from '../findings/evaluate-findings.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import { findingControlLabels } from '../frameworks/control-index.js';
import { SUMMARY_SCHEMA_VERSION } from '../history/stored-summary.js';
import { weeklyTable } from '../history/twelve-weeks.js';
import { accessSummary } from './access-summary.js';
import { complianceSummary } from './compliance-summary.js';
import { failedLoginsByCountry, rollupSummary, trendsSummary } from './history-summary.js';
import { integritySummary } from './integrity-summary.js';
import { querySummary } from './query-summary.js';
import type { ReportData } from './report-model.js';
import { isReportComplete } from './report-model.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Per-tenant coverage in `summary.json`: each tenant report, the tenants past `maxReports` counted
 * (and the CSV that lists them, when there are any), and the tenant IDs refused.
 */
const tenantsSummary = (tenants: NonNullable<ReportData['tenants']>) => ({
  reports: tenants.reports,
  notReported: {
    tenants: tenants.notReported.tenants,
    records: tenants.notReported.records,
    file: tenants.notReported.tenants > 0 ? tenants.notReported.file : undefined,
  },
  rejected: tenants.rejected,
});

/**
 * `summary.json`: scope, period, findings, per-query totals (with the filter that selected the
 * records and the previous week's headline when known) and completeness. It holds no run time or
 * request counts, so a re-run over unchanged data writes the same bytes. A tenant summary points
 * at the project-wide evidence files, which hold its records among others.
 */
export function renderSummary(data: ReportData): string {
  const evidencePrefix = data.scope.kind === 'tenant' ? '../../' : '';
  const controlsOf = (rule: Parameters<typeof findingControlLabels>[1]) =>
    findingControlLabels(data.compliance.frameworks, rule);
  const summary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    projectId: data.projectId,
    scope: data.scope,
    period: {
      label: data.period.label,
      from: iso(data.period.from),
      to: iso(data.period.to),
      timezone: 'UTC',
    },
    complete: isReportComplete(data),
    // Where the records came from: the only key that differs between the search and the stream.
    source: data.source ?? { kind: 'search', streamOnly: [] },
    // Which engine computed the tables (Athena: each statement's execution ID and bytes scanned);
    // absent, the key is left out (JSON.stringify drops it), so a DuckDB report's bytes are unchanged.
    engine: data.engine,
    trends: trendsSummary(data),
    ...(data.history
      ? {
          history: {
            weeks: data.history.weeks,
            storedWeeks: data.history.storedWeeks,
            notes: data.history.notes,
          },
        }
      : {}),
    ...(data.changes ? { changes: data.changes } : {}),
    ...(data.rollup ? { rollup: rollupSummary(data.rollup) } : {}),
    findings: listFindings(data.findings).map((finding) =>
      findingEntry(finding, findingFingerprint(finding), controlsOf(finding.rule)),
    ),
    ...(data.risks ? exceptionsSummary(data.risks, controlsOf) : {}),
    findingRules: data.findings.map((o) => ({ rule: o.rule, description: o.description, status: o.status })),
    queries: data.results.map((r) => querySummary(data, r, evidencePrefix)),
    // Stored inputs that failed verification and were not used: gaps of the report as a whole.
    unverifiedInputs: data.unverifiedInputs?.map((u) => ({
      file: u.file,
      period: u.period,
      from: iso(u.from),
      to: iso(u.to),
      problem: u.problem,
      usedFor: u.usedFor,
    })),
    ...(data.history?.weeks.length ? { weeklyTable: weeklyTable(data) } : {}),
    ...(data.tenants ? { tenants: tenantsSummary(data.tenants) } : {}),
    ...failedLoginsByCountry(data),
    ...(data.seal ? { integrity: integritySummary(data.seal) } : {}),
    ...(data.access ? { accessReview: accessSummary(data) } : {}),
    compliance: complianceSummary(data),
    ocsf: data.ocsf,
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}
