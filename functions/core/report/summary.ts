import { ACCESS_FILES } from '../access/access-controls.js';
import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import { exceptionsSummary, findingEntry } from '../exceptions/exceptions-summary.js';
import { listFindings } from '../findings/evaluate-findings.js';
import { findingFingerprint } from '../findings/fingerprint.js';
import { readResultRows } from '../findings/result-rows.js';
import { findingControlLabels, queryControlLabels } from '../frameworks/control-index.js';
import { evaluateCoverage } from '../frameworks/coverage.js';
import { SUMMARY_SCHEMA_VERSION } from '../history/stored-summary.js';
import { weeklyTable } from '../history/twelve-weeks.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../integrity/manifest.js';
import { publicKeyKey } from '../integrity/signing-key.js';
import { isMaskedSource, loginIdColumns } from '../stream/pii-masking.js';
import type { QueryResult, ReportData, ReportSeal } from './report-model.js';
import { headlineCount, isReportComplete, previousFigure, previousHeadline } from './report-model.js';
import { partialTable, rowCount } from './rows-held.js';

const iso = (ms: number) => new Date(ms).toISOString();

function querySummary(data: ReportData, r: QueryResult, evidencePrefix: string) {
  const previous = previousHeadline(data, r);
  return {
    id: r.query.id,
    title: r.query.title,
    controls: queryControlLabels(data.compliance.frameworks, r.query),
    filter: r.query.filter,
    where: r.query.where,
    // A SQL query's statement (the built-ins' SQL is in queries.sql).
    ...(r.query.aggregation.kind === 'sql' ? { sql: r.query.aggregation.sql } : {}),
    complete: r.complete,
    records: r.records,
    rows: rowCount(r.table),
    headline: headlineCount(r),
    previousWeekHeadline: previous ?? null,
    ...(data.history ? { previousWeek: previousFigure(data, r) ?? null } : {}),
    csv: `${r.query.id}.csv`,
    // A rollup's evidence is the weekly folders' parts it read, by their paths from its folder.
    evidence:
      data.rollup?.evidence.find((e) => e.evidenceFile === r.evidenceFile)?.parts.map((p) => p.path) ??
      `${evidencePrefix}${r.evidenceFile}`,
    gaps: r.gaps.map((g) => ({
      from: iso(g.from),
      to: iso(g.to),
      reason: g.reason,
      ...(g.expected !== undefined ? { expected: g.expected } : {}),
      fetched: g.fetched,
    })),
    ...(r.underCount ? { apiUnderCount: r.underCount } : {}),
    // A masked stream's login IDs cannot be told apart: these columns' numbers mean nothing.
    notComputable: isMaskedSource(data.source) ? loginIdColumns(r.query.aggregation) : [],
  };
}

/** Each framework's coverage: per control its status, why, its review frequency, evidence files and finding ids. */
const complianceSummary = (data: ReportData) =>
  evaluateCoverage(data).map((f) => ({
    framework: f.framework,
    name: f.name,
    version: f.version,
    file: f.file,
    counts: f.counts,
    controls: f.controls.map((c) => ({
      control: c.ref.control,
      label: c.ref.label,
      title: c.ref.title,
      status: c.status,
      reason: c.reason,
      reviewFrequency: c.reviewFrequency ?? null,
      frequencyMet: c.frequencyMet,
      evidence: c.files,
      findings: c.findings.map((x) => x.id),
    })),
  }));

/** How the folder is sealed: signed or not (and why), by which key, and the link to the previous week. */
function integritySummary(seal: ReportSeal) {
  return {
    manifest: MANIFEST_FILE,
    signed: seal.signing !== null,
    ...(seal.signing
      ? {
          signature: SIGNATURE_FILE,
          algorithm: seal.signing.algorithm,
          keyFingerprint: seal.signing.keyFingerprint,
          publicKey: publicKeyKey(seal.signing.keyFingerprint),
        }
      : { unsignedReason: seal.unsignedReason ?? 'no signing key' }),
    previousManifest: seal.previous,
    // A later revision names the sealed manifest it supersedes; the first has no such key.
    ...(seal.revision ? { revision: seal.revision } : {}),
  };
}

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

/** The access review in `summary.json`: counts, the snapshot's hash, changes and review state. */
function accessSummary(data: ReportData) {
  const review = data.access;
  if (!review) return undefined;
  return {
    snapshot: ACCESS_FILES.snapshot,
    snapshotSha256: review.snapshotSha256,
    complete: review.snapshot.coverage.complete,
    roleHolders: review.snapshot.users.length,
    accessKeys: review.snapshot.keys.length,
    privilegedPrincipals: review.privilegedPrincipals,
    previousSnapshot: review.previous
      ? { period: review.previous.period, privilegedPrincipals: review.previous.privilegedPrincipals }
      : null,
    changes: {
      granted: count(review, 'granted'),
      revoked: count(review, 'revoked'),
      changed: count(review, 'changed'),
    },
    attestation: ACCESS_FILES.attestation,
    previousReviewPending: review.previous ? !review.previous.attested : false,
  };
}

const count = (review: NonNullable<ReportData['access']>, kind: string) =>
  review.changes.filter((c) => c.kind === kind).length;

/** The weeks a rollup drew on (with their manifests' SHA-256) and those missing from the store. */
const rollupSummary = (rollup: NonNullable<ReportData['rollup']>) => ({
  weeks: rollup.sources.map((s) => ({
    week: s.week,
    from: iso(s.from),
    to: iso(s.to),
    manifest: s.manifest,
    manifestSha256: s.manifestSha256,
  })),
  missingWeeks: rollup.missing.map((s) => ({
    week: s.week,
    from: iso(s.from),
    to: iso(s.to),
    reason: s.reason,
  })),
  ...(rollup.binderNotProduced === undefined
    ? {}
    : { binder: { produced: false, reason: rollup.binderNotProduced } }),
});

const trendSource = (sources: readonly string[] | undefined) => {
  if (!sources) return 'descope-analytics';
  const kinds = new Set(sources);
  if (kinds.size === 1) return kinds.has('analytics') ? 'descope-analytics' : 'stored-reports';
  return 'stored-reports-and-descope-analytics';
};

/** This week's failed logins per country, which next week's findings read as history. */
function failedLoginsByCountry(data: ReportData) {
  const result = data.results.find((r) => r.query.id === FINDING_QUERIES.failedByGeo);
  // A partial table would store partial history: none is stored, and next week says so.
  const rows =
    result && !partialTable(result.table) && readResultRows(result, { geo: 'geo', count: '#count' });
  if (!rows) return {};
  return { failedLoginsByCountry: rows.map((r) => ({ geo: r.geo, count: Number(r.count) })) };
}

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
    trends: data.trends.available
      ? {
          available: true,
          source: trendSource(data.trends.history.sources),
          weeks: data.trends.history.weeks,
          ...(data.trends.history.sources ? { sources: data.trends.history.sources } : {}),
          note: data.trends.history.note,
        }
      : { available: false, reason: data.trends.reason },
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
