import { describe, expect, it } from 'vitest';
import { fixPdfDates } from '../../../functions/adapters/chromium-pdf-printer.js';
import { buildBinderView } from '../../../functions/core/binder/binder-view.js';
import { renderBinderHtml } from '../../../functions/core/binder/render-binder.js';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseMonth } from '../../../functions/core/period/rollup-period.js';
import type { QueryResult, ReportData } from '../../../functions/core/report/report-model.js';

const period = parseMonth('2026-11');
const HOSTILE = '<img src=x onerror=alert(1)>';

const result = (id: string): QueryResult => {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(id);
  return {
    query,
    evidenceFile: `evidence/${id}/`,
    table: { columns: [], rows: [] },
    records: 3,
    complete: true,
    gaps: [],
  };
};

const data: ReportData = {
  projectId: 'P2binder0000',
  period,
  scope: { kind: 'project' },
  results: BUILTIN_QUERIES.slice(0, 3).map((q) => result(q.id)),
  retentionDays: 30,
  trends: { available: false, reason: 'not under test' },
  findings: [
    {
      rule: 'impersonation',
      description: 'impersonations',
      status: 'evaluated',
      findings: [
        {
          rule: 'impersonation',
          severity: 'high',
          title: HOSTILE,
          detail: HOSTILE,
          section: 'impersonations',
        },
      ],
    },
  ],
  compliance: defaultComplianceContext(),
  seal: { signing: { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: 'ab'.repeat(32) }, previous: null },
  rollup: {
    sources: [{ week: '2026-W46', from: 0, to: 1, manifestSha256: 'cd'.repeat(32) }],
    missing: [{ week: '2026-W45', from: 0, to: 1, reason: 'no stored report' }],
    evidence: [],
  },
};

describe('the binder page', () => {
  const view = buildBinderView({
    data,
    weeks: [
      { week: '2026-W45', reason: 'no stored report', accessReview: false },
      {
        week: '2026-W46',
        manifestSha256: 'cd'.repeat(32),
        complete: true,
        findings: 2,
        accessReview: true,
        signOff: {
          signed: true,
          attestation: {
            schemaVersion: 1,
            projectId: 'P2binder0000',
            scope: { kind: 'project' },
            period: '2026-W46',
            reviewer: HOSTILE,
            decision: 'approved',
            attestedAt: '2026-11-17T09:00:00Z',
            snapshot: { file: 'access/snapshot.json', sha256: 'ef'.repeat(32) },
          },
        },
      },
    ],
  });

  it('states the period, the missing weeks, the key, each week’s manifest and sign-off, and every framework', () => {
    expect(view.complete).toBe('INCOMPLETE: 1 weeks of the period are not stored (listed below)');
    expect(view.signing).toContain('ab'.repeat(32));
    expect(view.weeks.map((w) => [w.week, w.manifestSha256])).toEqual([
      ['2026-W45', 'not stored: no stored report'],
      ['2026-W46', 'cd'.repeat(32)],
    ]);
    expect(view.weeks[1]?.signOff).toMatch(/^approved by .* at 2026-11-17T09:00:00Z, signature stored/);
    expect(view.frameworks.map((f) => f.name)).toEqual(
      defaultComplianceContext().frameworks.frameworks.map((f) => f.name),
    );
    expect(view.findings[0]?.items[0]?.id).toMatch(/\S/);
  });

  it('escapes every value from the audit trail and loads nothing from outside the page', () => {
    const html = renderBinderHtml(view);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).not.toMatch(/<script|<link|<img/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});

describe('the PDF dates', () => {
  it('replaces the print time with the given date at the same length, leaving every other byte', () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n<< /Creator (Chromium) /CreationDate (D:20261207024128+00'00') /ModDate (D:20261207024129+00'00') >>\nxref",
      'latin1',
    );
    const fixed = fixPdfDates(pdf, Date.parse('2026-12-01T00:00:00Z'));
    expect(fixed.length).toBe(pdf.length);
    expect(fixed.toString('latin1')).toBe(
      "%PDF-1.4\n<< /Creator (Chromium) /CreationDate (D:20261201000000+00'00') /ModDate (D:20261201000000+00'00') >>\nxref",
    );
  });
});
