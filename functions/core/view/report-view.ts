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
import type { QueryResult, ReportData, ReportLocation } from '../report/report-model.js';
import { isReportComplete } from '../report/report-model.js';
import { UNKNOWN } from '../sql/compile-query.js';
import { isMaskedSource } from '../stream/pii-masking.js';
import { buildChangesView, type ChangesView } from './changes-view.js';
import { buildControlViews, type ControlView } from './control-view.js';
import { buildCoverageView, type CoverageView } from './coverage-view.js';
import { buildEngineView, type EngineView } from './engine-view.js';
import { buildFindingsView, type FindingsView } from './finding-view.js';
import { formatCount, formatRange, plural } from './format.js';
import { buildCountNotes, buildGapViews, type GapView } from './gap-view.js';
import { buildIntegrityView, type IntegrityView } from './integrity-view.js';
import { buildRetentionNote, buildTrendNote } from './period-notes-view.js';
import { buildRisksView, type RisksView } from './risks-view.js';
import { buildRollupView, type RollupView } from './rollup-view.js';
import { buildScopeText, buildTenantLinks, buildTenantNotes, type TenantLinkView } from './scope-view.js';
import { buildSectionView, type SectionView } from './section-view.js';
import { buildSourceView, type SourceView } from './source-view.js';
import { buildTileViews, type TileView } from './tile-view.js';

/** View models hold ready-made strings and numbers only: templates stay logic-light and escape every value. */
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

/** The HTML report's and the email's view of one report (project-wide or one tenant's). */
export function buildReportView(data: ReportData, location: ReportLocation): ReportView {
  const { frameworks } = data.compliance;
  const complete = isReportComplete(data);
  const gaps = buildGapViews(data);
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
    scopeText: buildScopeText(data),
    periodLabel: data.period.label,
    periodRange: formatRange(data.period.from, data.period.to),
    retentionNote: buildRetentionNote(data),
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
    trendNote: buildTrendNote(data),
    topGeos: describeTopGeos(data.results.find((r) => r.query.id === FINDING_QUERIES.failedByGeo)),
    gaps,
    countNotes: buildCountNotes(data),
    controls: buildControlViews(frameworks, sectionsEvidenced),
    coverage: buildCoverageView(data),
    tenantReports: buildTenantLinks(data),
    tenantNotes: buildTenantNotes(data),
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
