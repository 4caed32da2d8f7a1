import { ACCESS_SECTION, ACCESS_SECTION_TITLE } from '../access/access-controls.js';
import { buildAccessTile } from '../access/access-tile.js';
import { type AccessReviewView, buildAccessView } from '../access/access-view.js';
import { FINDING_QUERIES } from '../catalog/builtin-queries.js';
import { GAPS_SECTION } from '../findings/integrity-findings.js';
import {
  controlsForAccessReview,
  findingControlLabels,
  queryControlLabels,
} from '../frameworks/control-index.js';
import { DAY_MS } from '../period/period.js';
import { UNVERIFIED_INPUT_TITLE, unverifiedReason } from '../report/gaps-table.js';
import type { QueryResult, ReportData, ReportLocation } from '../report/report-model.js';
import { isReportComplete } from '../report/report-model.js';
import { UNKNOWN } from '../sql/compile-query.js';
import { isMaskedSource } from '../stream/pii-masking.js';
import { buildChangesView, type ChangesView } from './changes-view.js';
import { buildControlViews, type ControlView } from './control-view.js';
import { buildCoverageView, type CoverageView } from './coverage-view.js';
import { buildEngineView, type EngineView } from './engine-view.js';
import { buildFindingsView, type FindingsView } from './finding-view.js';
import { formatCount, formatInstant, formatRange, plural } from './format.js';
import { buildIntegrityView, type IntegrityView } from './integrity-view.js';
import { buildRisksView, type RisksView } from './risks-view.js';
import { buildRollupView, type RollupView } from './rollup-view.js';
import { buildSectionView, type SectionView } from './section-view.js';
import { buildSourceView, type SourceView } from './source-view.js';
import { buildTileViews, type TileView } from './tile-view.js';

/** View models hold ready-made strings and numbers only: templates stay logic-light and escape every value. */
export interface GapView {
  query: string;
  range: string;
  reason: string;
}

export interface TenantLinkView {
  tenantId: string;
  href: string;
  status: string;
}

export interface ReportView {
  title: string;
  /** `Descope audit report 2026-W47 · 3 findings (INCOMPLETE)` */
  subject: string;
  projectId: string;
  scopeText: string;
  periodLabel: string;
  periodRange: string;
  retentionNote: string;
  /** Where the records came from (the one header line that differs between sources). */
  source: SourceView;
  /** Which engine computed the tables, when the run chose one (null: not stated). */
  engine: EngineView | null;
  complete: boolean;
  statusText: string;
  /** What a month, quarter or range report was built from (`shown: false` for a weekly report). */
  rollup: RollupView;
  /** New, still open and resolved findings since last week's stored report. */
  changes: ChangesView;
  findings: FindingsView;
  /** Accepted risks and exceptions needing attention (`shown: false` without an exceptions file). */
  risks: RisksView;
  tiles: TileView[];
  trendNote: string;
  topGeos: string;
  gaps: GapView[];
  /** "The API under-counted …" once per evidence collection whose `total` fell short of the records read. */
  countNotes: string[];
  controls: ControlView[];
  /** The coverage matrix: every framework's controls and their status. */
  coverage: CoverageView;
  tenantReports: TenantLinkView[];
  tenantNotes: string[];
  evidenceNote: string;
  sections: SectionView[];
  /** The access review section (`enabled: false` when the review is off). */
  access: AccessReviewView;
  location: ReportLocation;
  integrity: IntegrityView;
}

/** "DE 1,204 · US 87 · unknown 3" from the first column of a geo table. */
export function describeTopGeos(result: QueryResult | undefined, limit = 3): string {
  if (!result || result.table.rows.length === 0) return 'none';
  return result.table.rows
    .slice(0, limit)
    .map((row) => `${String(row[0] ?? UNKNOWN)} ${formatCount(Number(row[1] ?? 0))}`)
    .join(' · ');
}

function gapViews(data: ReportData): GapView[] {
  const queryGaps = data.results.flatMap((r) =>
    r.gaps.map((g) => ({
      query: r.query.title,
      range: formatRange(g.from, g.to),
      reason:
        g.expected !== undefined
          ? `${g.reason} (read ${formatCount(g.fetched)} of ${formatCount(g.expected)} records)`
          : `${g.reason} (read ${formatCount(g.fetched)} records)`,
    })),
  );
  const inputGaps = (data.unverifiedInputs ?? []).map((u) => ({
    query: UNVERIFIED_INPUT_TITLE,
    range: formatRange(u.from, u.to),
    reason: unverifiedReason(u),
  }));
  return [...queryGaps, ...inputGaps];
}

function countNotes(data: ReportData): string[] {
  const notes = new Map<string, string>();
  for (const { evidenceFile, underCount } of data.results) {
    if (!underCount || notes.has(evidenceFile)) continue;
    notes.set(
      evidenceFile,
      `The API under-counted ${evidenceFile}: its total was ${formatCount(underCount.counted)} records for the ` +
        `period, ${formatCount(underCount.read)} were read. Every record read is in the numbers; the total is only a cross-check.`,
    );
  }
  return [...notes.values()];
}

function retentionNote(data: ReportData): string {
  if (data.source?.kind === 'stream') {
    return (
      `Descope's audit search keeps events for ${data.retentionDays} days; this report was read from the audit ` +
      'stream, which keeps them as long as its bucket does: any period whose objects exist can be reported again.'
    );
  }
  if (data.rollup) {
    return (
      `Descope's audit search keeps events for ${data.retentionDays} days. This report was recomputed from the ` +
      'evidence the weekly reports stored, the only record of these events once they leave Descope.'
    );
  }
  const firstExpires = formatInstant(data.period.from + data.retentionDays * DAY_MS);
  const lastExpires = formatInstant(data.period.to + data.retentionDays * DAY_MS);
  return (
    `Descope's audit search keeps events for ${data.retentionDays} days: this period's events leave it between ` +
    `${firstExpires} and ${lastExpires}. After that, this report and its evidence files are the only record, and ` +
    `no report can be produced for a period that started more than ${data.retentionDays} days ago.`
  );
}

function trendNote(data: ReportData): string {
  const stored = data.history?.storedWeeks ?? [];
  const storedText =
    stored.length > 0
      ? `Previous figures marked "stored report" are the exact numbers of this scope's stored reports (${stored.join(', ')}); those marked "Descope analytics" are counted by Descope analytics for weeks never reported.`
      : '';
  const skipped = data.history?.notes ?? [];
  if (!data.trends.available && stored.length === 0) {
    return [
      `Week-over-week trends are unavailable: ${data.trends.reason}. This week's numbers are exact.`,
      ...skipped,
    ].join(' ');
  }
  if (!data.trends.available) {
    return [
      storedText,
      `The findings' country history is unavailable: ${data.trends.reason}. This week's numbers are exact.`,
      ...skipped,
    ]
      .filter(Boolean)
      .join(' ');
  }
  const { weeks, note, sources } = data.trends.history;
  const fromStore = sources?.every((s) => s === 'stored-report') ?? false;
  return [
    `Previous weeks (${weeks[0]} – ${weeks[weeks.length - 1]}) are ${fromStore ? 'read from the stored reports' : sources ? 'read from the stored reports where reported, else counted by Descope analytics' : 'counted by Descope analytics'}; this week's ` +
      'numbers are exact counts of the audit records read for this report.',
    storedText,
    note,
    ...skipped,
  ]
    .filter(Boolean)
    .join(' ');
}

function scopeText(data: ReportData): string {
  if (data.scope.kind === 'tenant') {
    return (
      `Tenant ${data.scope.tenantId} only: events whose tenants include it. Events without a tenant, other ` +
      "tenants' events and project-wide role changes are left out; an event naming several tenants appears in " +
      'each of their reports, showing only the tenant whose report it is.'
    );
  }
  const tenants = data.tenants
    ? ` Per-tenant reports: ${plural(data.tenants.reports.length, 'tenant', 'tenants')}, under tenants/<tenantId>/.`
    : '';
  return `Project-wide: every tenant, and events without a tenant.${tenants}`;
}

/** Tenants without a report of their own that the report names (the CSV lists them all). */
const NOT_REPORTED_NAMED = 20;

function tenantNotes(data: ReportData): string[] {
  if (!data.tenants) return [];
  const notes: string[] = [];
  const { notReported } = data.tenants;
  if (notReported.tenants > 0) {
    const first = notReported.table.rows.slice(0, NOT_REPORTED_NAMED).map((row) => String(row[0]));
    const shown = first.length < notReported.tenants ? `${first.join(', ')}, …` : first.join(', ');
    notes.push(
      `${formatCount(notReported.tenants)} ${notReported.tenants === 1 ? 'tenant is' : 'tenants are'} not reported separately ` +
        `(the tenants.maxReports limit; tenants with recipients come first, then those with the most events): ${shown}. ` +
        `Their ${plural(notReported.records, 'record is', 'records are')} in this report, and ${notReported.file} lists every one of them.`,
    );
  }
  for (const { tenantId, records } of data.tenants.rejected) {
    notes.push(
      `Tenant ID "${tenantId}" (${plural(records, 'record', 'records')}) cannot name a folder (letters, digits, "_" ` +
        'and "-" only): no tenant report; its events are in this report.',
    );
  }
  return notes;
}

/** The HTML report's and the email's view of one report (project-wide or one tenant's). */
export function buildReportView(data: ReportData, location: ReportLocation): ReportView {
  const { frameworks } = data.compliance;
  const complete = isReportComplete(data);
  const gaps = gapViews(data);
  const findings = buildFindingsView(
    data.findings,
    new Map([
      ...data.results.map((r) => [r.query.id, r.query.title] as const),
      [ACCESS_SECTION, ACCESS_SECTION_TITLE],
      [GAPS_SECTION, 'Gaps'],
    ]),
    (rule) => findingControlLabels(frameworks, rule),
  );
  const sectionsEvidenced = [
    ...data.results.map((r) => r.query),
    ...(data.access
      ? [{ id: ACCESS_SECTION, title: ACCESS_SECTION_TITLE, controls: [], accessReview: true }]
      : []),
  ];
  const tenant = data.scope.kind === 'tenant' ? data.scope.tenantId : undefined;
  const title = `Descope audit report ${data.period.label}${tenant ? ` · tenant ${tenant}` : ''}`;
  const findingCount = findings.items.length;
  const changes = buildChangesView(data.changes);
  const newCount = changes.newText ? ` · ${changes.newText}` : '';
  return {
    title,
    subject: `${title}${newCount}${findingCount > 0 ? ` · ${plural(findingCount, 'finding', 'findings')}` : ''}${complete ? '' : ' (INCOMPLETE)'}`,
    projectId: data.projectId,
    scopeText: scopeText(data),
    periodLabel: data.period.label,
    periodRange: formatRange(data.period.from, data.period.to),
    retentionNote: retentionNote(data),
    source: buildSourceView(data.source),
    engine: buildEngineView(data.engine),
    complete,
    statusText: complete
      ? 'Complete: every query read every matching record.'
      : `INCOMPLETE: ${gaps.length} gap(s) — the numbers below miss the records listed under Gaps.`,
    rollup: buildRollupView(data.rollup),
    changes,
    findings,
    risks: buildRisksView(data.risks),
    tiles: [...buildAccessTile(data.access), ...buildTileViews(data)],
    trendNote: trendNote(data),
    topGeos: describeTopGeos(data.results.find((r) => r.query.id === FINDING_QUERIES.failedByGeo)),
    gaps,
    countNotes: countNotes(data),
    controls: buildControlViews(frameworks, sectionsEvidenced),
    coverage: buildCoverageView(data),
    tenantReports: (data.tenants?.reports ?? []).map((t) => ({
      tenantId: t.tenantId,
      href: `tenants/${t.tenantId}/report.html`,
      status: `${t.findings === 0 ? 'no findings' : plural(t.findings, 'finding', 'findings')}${t.complete ? '' : ', INCOMPLETE'}`,
    })),
    tenantNotes: tenantNotes(data),
    evidenceNote: data.rollup
      ? 'The raw records each number was computed from are the evidence files of the weekly reports listed under "Built from stored weeks", each checked against its manifest as it was read.'
      : tenant
        ? "This tenant's numbers were computed from the project-wide evidence files (../../evidence/), keeping the records whose tenants include this tenant."
        : 'The raw records each number was computed from are in the gzipped NDJSON files under evidence/.',
    sections: data.results.map((r) =>
      buildSectionView(r, queryControlLabels(frameworks, r.query), isMaskedSource(data.source)),
    ),
    access: buildAccessView(
      data.access,
      controlsForAccessReview(frameworks).map((c) => c.label),
    ),
    location,
    integrity: buildIntegrityView(data.seal),
  };
}
