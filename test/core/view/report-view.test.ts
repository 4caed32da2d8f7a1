import { describe, expect, it } from 'vitest';
import { evaluateFindings } from '../../../functions/core/findings/evaluate-findings.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import type { ReportData } from '../../../functions/core/report/report-model.js';
import type { Trends } from '../../../functions/core/trends/weekly-history.js';
import { renderEmail, renderReportHtml } from '../../../functions/core/view/render-templates.js';
import { buildReportView } from '../../../functions/core/view/report-view.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { builtinResult, TEST_WEEK } from '../../support/query-result-builder.js';

const hostileGeo = '"><svg onload=alert(1)>';
const failures = [
  ...Array.from({ length: 12 }, (_, i) => auditRecord({ geo: 'DE', occurred: TEST_WEEK.from + i })),
  auditRecord({ geo: hostileGeo, occurred: TEST_WEEK.from + 86_400_000 }),
];
const results = [
  await builtinResult('failed-logins-per-day', failures),
  await builtinResult('failed-logins-by-geo', failures),
  await builtinResult('role-grants', []),
  await builtinResult('lockouts', []),
];
const location = { uri: 's3://b/p/', browseUrl: '', prefix: 'p/' };
const settings = { privilegedRoles: ['admin'], anomalyThreshold: 3, anomalyMinimumCount: 20 };

function dataWith(trends: Trends, scope: ReportData['scope'] = { kind: 'project' }): ReportData {
  return {
    projectId: 'P2demo',
    period: TEST_WEEK,
    scope,
    results,
    retentionDays: 30,
    compliance: defaultComplianceContext(),
    trends,
    findings: evaluateFindings(results, trends, settings),
  };
}

const withHistory: Trends = {
  available: true,
  history: {
    weeks: ['2026-W43', '2026-W44', '2026-W45', '2026-W46'],
    counts: new Map([
      ['failed-logins-by-geo', [1, 2, 3, 10]],
      ['lockouts', [0, 0, 0, 0]],
    ]),
    geos: new Map([['DE', [1, 2, 3, 10]]]),
    note: '',
  },
};

describe('headline tiles', () => {
  it.each<[string, Trends, Array<[string, string, string, string]>]>([
    [
      'with history',
      withHistory,
      [
        ['Failed logins', '13', '▲ 3 (+30%)', 'vs 10 in 2026-W46'],
        ['Roles granted', '0', '', 'no previous-week figure (not counted by analytics)'],
        ['Lockouts', '0', 'no change', 'vs 0 in 2026-W46'],
      ],
    ],
    [
      'without history',
      { available: false, reason: 'the Descope analytics search failed' },
      [
        ['Failed logins', '13', '', 'no previous-week figure (trends unavailable)'],
        ['Roles granted', '0', '', 'no previous-week figure (trends unavailable)'],
        ['Lockouts', '0', '', 'no previous-week figure (trends unavailable)'],
      ],
    ],
  ])('compare with the previous week %s', (_, trends, tiles) => {
    const view = buildReportView(dataWith(trends), location);
    expect(view.tiles.map((t) => [t.label, t.value, t.delta, t.comparison])).toEqual(tiles);
  });

  it('says trends are unavailable, never a silent zero', async () => {
    const view = buildReportView(
      dataWith({ available: false, reason: 'the Descope analytics search failed' }),
      location,
    );
    expect(view.trendNote).toBe(
      "Week-over-week trends are unavailable: the Descope analytics search failed. This week's numbers are exact.",
    );
  });
});

describe('rendered report', () => {
  const html = renderReportHtml(buildReportView(dataWith(withHistory), location));

  it('draws charts as accessible inline SVG with escaped labels', async () => {
    expect(html.match(/<svg role="img"/g)).toHaveLength(2);
    expect(html).toContain(
      '<title id="failed-logins-per-day-chart-title">Failed logins per day (UTC days)</title>',
    );
    expect(html).toContain('aria-describedby="failed-logins-by-geo-chart-desc"');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&quot;&gt;&lt;svg onload&#x3D;alert(1)&gt;');
  });

  it('maps controls to sections and opens with findings', async () => {
    expect(html).toMatch(
      /<td class="nowrap">SOC 2 CC6.6<\/td><td>Logical access measures protect against threats/,
    );
    expect(html).toMatch(/<td class="nowrap">PCI DSS 10.4.1<\/td><td>Security events/);
    expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('id="headlines"'));
    expect(html.indexOf('id="headlines"')).toBeLessThan(html.indexOf('id="gaps"'));
  });

  it('states the retention and the rules it applied', async () => {
    expect(html).toContain('leave it between 2026-12-16 00:00 UTC and 2026-12-23 00:00 UTC');
    expect(html).toContain('no per-address history');
    expect(html).toContain('not evaluated: the impersonations query is disabled');
  });

  it('describes a tenant report’s scope and evidence', async () => {
    const view = buildReportView(dataWith(withHistory, { kind: 'tenant', tenantId: 'T1' }), location);
    expect(view.title).toBe('Descope audit report 2026-W47 · tenant T1');
    expect(view.scopeText).toMatch(/^Tenant T1 only: events whose tenants include it/);
    expect(view.evidenceNote).toContain('../../evidence/');
  });

  it('puts findings first in both parts of the email', async () => {
    const email = renderEmail(buildReportView(dataWith(withHistory), location));
    expect(email.text.indexOf('FINDINGS')).toBeLessThan(email.text.indexOf('HEADLINE NUMBERS'));
    expect(email.html.indexOf('Findings:')).toBeLessThan(email.html.indexOf('Headline numbers'));
    expect(email.html).not.toMatch(/<img|<svg|<script|<link|url\(/);
  });
});

describe('a total that under-counted', () => {
  it('is named once per collection in the report and both parts of the email, and the report stays complete', async () => {
    const underCount = { counted: 5_000, read: 27_001 };
    const counted = results.map((r) =>
      r.query.id.startsWith('failed-logins')
        ? { ...r, evidenceFile: 'evidence/login-failures/', underCount }
        : r,
    );
    const data = { ...dataWith(withHistory), results: counted };
    const view = buildReportView(data, location);
    expect(view.complete).toBe(true);
    expect(view.countNotes).toEqual([
      'The API under-counted evidence/login-failures/: its total was 5,000 records for the period, 27,001 were read. ' +
        'Every record read is in the numbers; the total is only a cross-check.',
    ]);
    const email = renderEmail(view);
    for (const text of [renderReportHtml(view), email.html, email.text]) {
      expect(text).toContain('The API under-counted evidence/login-failures/');
    }
    expect(buildReportView(dataWith(withHistory), location).countNotes).toEqual([]);
  });
});
