import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../functions/core/report-catalog.js';
import { selectTenants } from '../../functions/core/report-set.js';

describe('tenant selection', () => {
  const base = defaultReportCatalog();
  const catalog = {
    ...base,
    tenants: { ...base.tenants, enabled: true, maxReports: 2, recipients: { T9: ['sec@t9.example'] } },
  };

  it('keeps tenants with recipients first, then by ID, and names the rest', () => {
    expect(selectTenants(['T3', 'T1', 'T9', 'T2', 'T1'], catalog)).toEqual({
      kept: ['T1', 'T9'],
      skipped: ['T2', 'T3'],
    });
  });
});
