import { describe, expect, it } from 'vitest';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { selectTenants } from '../../../functions/core/report/report-set.js';

describe('tenant selection', () => {
  const base = defaultReportCatalog();
  const catalog = {
    ...base,
    tenants: {
      ...base.tenants,
      enabled: true,
      maxReports: 2,
      recipients: new Map([['T9', ['sec@t9.example']]]),
    },
  };

  it('keeps tenants with recipients first, then by ID, and names the rest', () => {
    expect(selectTenants(['T3', 'T1', 'T9', 'T2', 'T1'], catalog)).toEqual({
      kept: ['T1', 'T9'],
      skipped: ['T2', 'T3'],
    });
  });

  it('does not take Object.prototype members for configured recipients', () => {
    expect(selectTenants(['constructor', 'toString', 'T9', '__proto__'], catalog)).toEqual({
      kept: ['T9', '__proto__'],
      skipped: ['constructor', 'toString'],
    });
  });
});
