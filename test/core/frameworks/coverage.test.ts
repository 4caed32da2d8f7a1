import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import type { RuleOutcome } from '../../../functions/core/findings/finding.js';
import {
  BUILTIN_FRAMEWORKS,
  defaultComplianceContext,
} from '../../../functions/core/frameworks/builtin-frameworks.js';
import type { ComplianceContext } from '../../../functions/core/frameworks/compliance-context.js';
import { complianceTable, knownHashes } from '../../../functions/core/frameworks/compliance-table.js';
import { evaluateCoverage } from '../../../functions/core/frameworks/coverage.js';
import { parseFrameworkFile } from '../../../functions/core/frameworks/parse-framework-file.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { QueryResult, ReportData } from '../../../functions/core/report/report-model.js';
import { renderCsv } from '../../../functions/core/view/csv.js';

const period = parseIsoWeek('2026-W47');
const result = (id: string, complete = true): QueryResult => {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(id);
  return {
    query,
    evidenceFile: `evidence/${query.collection ?? query.id}/`,
    table: { columns: [], rows: [] },
    records: 0,
    complete,
    gaps: complete ? [] : [{ from: period.from, to: period.to, reason: 'timed out', fetched: 0 }],
  };
};
const stated: ComplianceContext = {
  frameworks: { frameworks: BUILTIN_FRAMEWORKS },
  deployment: { objectLock: { mode: 'COMPLIANCE', retentionDays: 400 }, anchored: true, cadence: 'weekly' },
};
const impersonation: RuleOutcome = {
  rule: 'impersonation',
  description: 'impersonations',
  status: 'evaluated',
  findings: [
    {
      rule: 'impersonation',
      severity: 'high',
      title: 'Admin impersonated a user',
      detail: 'd',
      section: 'impersonations',
    },
  ],
};

function report(overrides: Partial<ReportData> = {}): ReportData {
  return {
    projectId: 'P2test',
    period,
    scope: { kind: 'project' },
    results: BUILTIN_QUERIES.map((q) => result(q.id)),
    retentionDays: 30,
    trends: { available: false, reason: 'not under test' },
    findings: [],
    compliance: stated,
    seal: {
      signing: { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: 'ab'.repeat(32) },
      previous: { period: '2026-W46', key: 'reports/P2test/2026-W46/manifest.json', sha256: 'cd'.repeat(32) },
    },
    ...overrides,
  };
}
const control = (data: ReportData, framework: string, id: string) =>
  evaluateCoverage(data)
    .find((f) => f.framework === framework)
    ?.controls.find((c) => c.ref.control === id);

describe('the coverage of a report', () => {
  it('evidences a control whose every query ran in full, naming the CSVs and the evidence', () => {
    const cc66 = control(report(), 'soc2', 'CC6.6');
    expect(cc66).toMatchObject({ status: 'evidenced', reason: '', frequencyMet: true });
    expect(cc66?.files).toEqual(expect.arrayContaining(['lockouts.csv', 'evidence/login-failures/']));
  });

  it('says which evidence is missing and why', () => {
    const data = report({
      results: BUILTIN_QUERIES.filter((q) => q.id !== 'lockouts').map((q) =>
        result(q.id, q.id !== 'failed-logins-by-ip'),
      ),
    });
    expect(control(data, 'soc2', 'CC6.6')).toMatchObject({
      status: 'not evidenced',
      reason:
        'the failed-logins-by-ip query is incomplete (see gaps.csv); the lockouts query is disabled in the catalog',
    });
    // No access review, no Object Lock, unsigned: each says so.
    const bare = report({
      compliance: defaultComplianceContext(),
      seal: { signing: null, unsignedReason: 'no key', previous: null },
    });
    expect(control(bare, 'soc2', 'CC6.2')?.reason).toContain('the access review is off');
    expect(control(bare, 'pci-dss', '10.5.1')?.reason).toBe(
      'no Object Lock retention is stated for this store; no retention is stated for this store (365 days needed)',
    );
    expect(control(bare, 'nist-800-53', 'AU-9(3)')?.reason).toMatch(
      /^the manifest is not signed: no key; a custom range/,
    );
  });

  it('marks findings, a retention too short, a daily review the schedule misses, and not-applicable controls', () => {
    const data = report({ findings: [impersonation] });
    const cc72 = control(data, 'soc2', 'CC7.2');
    expect(cc72?.status).toBe('evidenced with findings');
    expect(cc72?.findings).toEqual([
      expect.objectContaining({
        rule: 'impersonation',
        id: expect.stringMatching(/^impersonation:[0-9a-f]{16}$/),
      }),
    ]);
    expect(control(data, 'hipaa', '164.316(b)(2)(i)')).toMatchObject({
      status: 'not evidenced',
      reason: 'evidence is locked 400 days, less than the 2190 this control needs',
    });
    expect(control(data, 'pci-dss', '10.4.1')).toMatchObject({
      frequencyMet: false,
      frequency: 'daily: NOT met, no daily review schedule is configured (dailyScheduleCron)',
    });
    expect(control(data, 'pci-dss', '7.2.4')).toMatchObject({ frequencyMet: true });
    expect(control(data, 'pci-dss', '10.2.1.1')).toMatchObject({
      status: 'not applicable',
      reason: expect.stringMatching(/cardholder data/),
    });
    expect(control(data, 'pci-dss', '10.2.1.3')).toMatchObject({
      status: 'not evidenced',
      reason: 'no evidence is mapped to this control',
    });
  });

  it('lists only a tenant folder’s own files (the project evidence names other tenants)', () => {
    const tenant = report({ scope: { kind: 'tenant', tenantId: 'T1' } });
    const cc66 = control(tenant, 'soc2', 'CC6.6');
    expect(cc66?.files.some((f) => f.startsWith('evidence/'))).toBe(false);
    expect(control(tenant, 'soc2', 'CC7.3')?.files).toContain('../../../2026-W46/tenants/T1/manifest.json');
  });
});

describe('a compliance CSV', () => {
  it('names each evidence file with its manifest SHA-256, a folder file by file, and neutralises formulas', () => {
    const hostile = parseFrameworkFile(
      'hostile.yaml',
      'framework: hostile\nname: "=cmd"\ntitle: t\nversion: 1\ncontrols:\n  - id: X-1\n    title: "=HYPERLINK(\\"http://evil\\")"\n    evidence:\n      queries: [lockouts]\n      integrity: [manifest-chain]\n',
    );
    if (!hostile.ok) throw new Error(hostile.problems.join());
    const data = report({ compliance: { ...stated, frameworks: { frameworks: [hostile.framework] } } });
    const [coverage] = evaluateCoverage(data);
    if (!coverage) throw new Error('no coverage');
    const entries = [
      { name: 'lockouts.csv', bytes: 1, sha256: '11'.repeat(32) },
      { name: 'evidence/login-failures/part-0002.ndjson.gz', bytes: 1, sha256: '22'.repeat(32) },
      { name: 'evidence/login-failures/part-0001.ndjson.gz', bytes: 1, sha256: '33'.repeat(32) },
    ];
    const csv = renderCsv(complianceTable(coverage, knownHashes(data, entries)));
    const [row] = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({
      framework: "'=cmd",
      control: 'X-1',
      title: `'=HYPERLINK("http://evil")`,
      status: 'evidenced',
    });
    expect(row?.evidence_files?.split('\n')).toEqual([
      `lockouts.csv sha256:${'11'.repeat(32)}`,
      `evidence/login-failures/part-0001.ndjson.gz sha256:${'33'.repeat(32)}`,
      `evidence/login-failures/part-0002.ndjson.gz sha256:${'22'.repeat(32)}`,
      `../2026-W46/manifest.json sha256:${'cd'.repeat(32)}`,
    ]);
  });
});
