import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { evaluateFindings } from '../../../functions/core/findings/evaluate-findings.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { QueryResult, ReportData } from '../../../functions/core/report/report-model.js';
import { renderEmail, renderReportHtml } from '../../../functions/core/view/render-templates.js';
import { buildReportView } from '../../../functions/core/view/report-view.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTable } from '../../support/compute-table.js';

const hostile = {
  loginId: '<script>alert("x")</script>@evil.test',
  role: '=HYPERLINK("http://evil.test","x")',
  geo: '"><img src=x onerror=alert(1)>',
  tenant: "T1'><svg onload=alert(2)>",
};

const period = parseIsoWeek('2026-W47');

async function resultsFor(records: ReturnType<typeof auditRecord>[]): Promise<QueryResult[]> {
  return Promise.all(
    BUILTIN_QUERIES.map(async (query) => {
      const { actions = [], methods } = query.filter;
      const kept = records.filter(
        (r) => actions.includes(r.action) && (!methods || methods.includes(r.method)),
      );
      const { table, records: counted } = await computeTable(query, kept, period);
      return {
        query,
        evidenceFile: `evidence/${query.id}.ndjson.gz`,
        table,
        records: counted,
        complete: true,
        gaps: [],
      };
    }),
  );
}

const records = [
  auditRecord({ geo: hostile.geo, loginIds: [hostile.loginId], occurred: period.from + 1000 }),
  auditRecord({ geo: 'DE', occurred: period.from + 2000 }),
  auditRecord({ geo: 'DE', occurred: period.from + 3000 }),
  auditRecord({
    action: 'UserModified',
    loginIds: [hostile.loginId],
    tenants: [hostile.tenant],
    data: { Change: { added_roles: [hostile.role], added_multi_tenant_roles: ['Tenant Admin'] } },
    occurred: period.from + 4000,
  }),
];
const results = await resultsFor(records);
const trends = { available: false, reason: 'not under test' } as const;
const data: ReportData = {
  projectId: 'P2demo',
  period,
  scope: { kind: 'project' },
  results,
  retentionDays: 30,
  compliance: defaultComplianceContext(),
  trends,
  findings: evaluateFindings(results, trends, {
    privilegedRoles: ['Tenant Admin'],
    anomalyThreshold: 3,
    anomalyMinimumCount: 20,
  }),
};
const location = {
  uri: 's3://bucket/reports/P2demo/2026-W47/',
  browseUrl: 'https://example.test/browse',
  prefix: 'reports/P2demo/2026-W47/',
};

describe('HTML report', () => {
  const html = renderReportHtml(buildReportView(data, location));

  it('shows the period, the headline numbers and both tables', () => {
    expect(html).toContain('Descope audit report 2026-W47');
    expect(html).toContain('2026-11-16 00:00 UTC – 2026-11-23 00:00 UTC');
    expect(html).toContain('id="failed-logins-by-geo"');
    expect(html).toContain('id="role-grants"');
    expect(html).toMatch(/<div class="label">Failed logins<\/div>\s*<div class="value">3<\/div>/);
    expect(html).toMatch(/<div class="label">Roles granted<\/div>\s*<div class="value">2<\/div>/);
  });

  it('escapes every audit value', () => {
    for (const value of Object.values(hostile)) expect(html).not.toContain(value);
    expect(html).not.toMatch(/<script>alert|<img src=x|<svg onload/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;@evil.test');
    expect(html).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('is self-contained: no external scripts, styles or images', () => {
    expect(html).not.toMatch(/<script|<link|src="http|url\(/i);
  });

  it('lists gaps and says the report is incomplete when a query is', () => {
    const [first, ...rest] = data.results;
    if (!first) throw new Error('no results');
    const gap = {
      from: period.from,
      to: period.from + 3_600_000,
      reason: 'Descope audit search timed out',
      fetched: 0,
    };
    const incomplete: ReportData = {
      ...data,
      results: [{ ...first, complete: false, gaps: [gap] }, ...rest],
    };
    const out = renderReportHtml(buildReportView(incomplete, location));
    expect(out).toContain('INCOMPLETE: 1 gap(s)');
    expect(out).toContain('2026-11-16 00:00 UTC – 2026-11-16 01:00 UTC');
    expect(out).toContain('Descope audit search timed out (read 0 records)');
  });
});

describe('email', () => {
  const email = renderEmail(buildReportView(data, location));

  it('names the week and carries the same facts in both parts', () => {
    expect(email.subject).toBe('Descope audit report 2026-W47 · 1 finding');
    for (const part of [email.text, email.html])
      expect(part).toContain('Privileged role granted: Tenant Admin');
    expect(email.text.indexOf('FINDINGS')).toBeLessThan(email.text.indexOf('HEADLINE NUMBERS'));
    for (const part of [email.text, email.html]) {
      expect(part).toContain('s3://bucket/reports/P2demo/2026-W47/');
      expect(part).toContain('Top countries by failed logins');
      expect(part).toContain('Roles granted');
    }
    expect(email.text).toMatch(/Failed logins: 3/);
    expect(email.text).toMatch(/Top countries by failed logins: DE 2 · /);
  });

  it('escapes audit values in the HTML part', () => {
    expect(email.html).not.toContain(hostile.geo);
    expect(email.html).toContain('&quot;&gt;&lt;img');
  });
});

describe('gaps table', () => {
  it('lists every gap with its numbers, and only a header when complete', async () => {
    const { gapsTable } = await import('../../../functions/core/report/gaps-table.js');
    expect(gapsTable(data).rows).toEqual([]);
    const [first, ...rest] = data.results;
    if (!first) throw new Error('no results');
    const gap = { from: period.from, to: period.to, reason: '=cmd|x', expected: 10, fetched: 4 };
    const table = gapsTable({ ...data, results: [{ ...first, complete: false, gaps: [gap] }, ...rest] });
    expect(table.rows).toEqual([
      [
        first.query.id,
        first.query.title,
        '2026-11-16T00:00:00.000Z',
        '2026-11-23T00:00:00.000Z',
        '=cmd|x',
        10,
        4,
      ],
    ]);
  });
});
