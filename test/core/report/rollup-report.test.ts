import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { defaultComplianceContext } from '../../../functions/core/frameworks/builtin-frameworks.js';
import { parseMonth } from '../../../functions/core/period/rollup-period.js';
import { assembleRollupReport } from '../../../functions/core/report/rollup-report.js';

describe('a rollup’s report', () => {
  it('is one project report without tenants or trends, naming what it was built from', () => {
    const base = defaultReportCatalog();
    const catalog = { ...base, tenants: { ...base.tenants, enabled: true } };
    const rollup = {
      sources: [{ week: '2026-W45', from: 1, to: 2, manifest: 'm', manifestSha256: 'h' }],
      missing: [{ week: '2026-W46', from: 2, to: 3, reason: '2026-W46 has no stored report' }],
      evidence: [],
    };
    const data = assembleRollupReport({
      projectId: 'P1',
      period: parseMonth('2026-11'),
      catalog,
      compliance: defaultComplianceContext(),
      results: [],
      rollup,
    });
    expect(data.scope).toEqual({ kind: 'project' });
    expect(data.tenants).toBeUndefined();
    expect(data.trends).toEqual({
      available: false,
      reason: 'a rollup is recomputed from stored weeks and compares no weeks',
    });
    expect(data.rollup).toBe(rollup);
    expect(data.retentionDays).toBe(30);
  });
});
