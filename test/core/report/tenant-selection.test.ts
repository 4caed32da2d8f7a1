import { describe, expect, it } from 'vitest';
import { defaultReportCatalog, type TenantSettings } from '../../../functions/core/catalog/report-catalog.js';
import {
  reportedTenants,
  tenantChoice,
  tenantRecipients,
  tenantTrendScope,
} from '../../../functions/core/report/tenant-selection.js';

const catalogWith = (tenants: Partial<Omit<TenantSettings, 'include'>> & { include?: readonly string[] }) => {
  const base = defaultReportCatalog();
  return {
    ...base,
    tenants: { ...base.tenants, ...tenants, include: tenants.include && [...tenants.include] },
  };
};

const mailed = new Map([
  ['T9', ['sec@t9.example']],
  ['T1', ['sec@t1.example']],
]);

describe('which tenants get their own report', () => {
  it.each([
    ['off', { enabled: false, recipients: mailed }, ['T1', 'T2', 'T9'], []],
    [
      'on: the tenants the census chose, by ID, once each',
      { enabled: true },
      ['T2', 'T1', 'T2'],
      ['T1', 'T2'],
    ],
  ] as const)('%s', (_, tenants, chosen, expected) => {
    expect(reportedTenants(chosen, catalogWith(tenants))).toEqual(expected);
  });
});

describe('per-tenant aggregation as the catalog sets it', () => {
  it('is off when per-tenant reports are off, whatever else is set', () => {
    expect(
      tenantChoice(catalogWith({ enabled: false, include: ['T1'], recipients: mailed })),
    ).toBeUndefined();
    expect(tenantTrendScope(catalogWith({ enabled: false, include: ['T1'] }))).toBeUndefined();
  });

  it.each([
    ['every tenant, no recipients', { maxReports: 7 }, { recipients: [], include: undefined, maxReports: 7 }],
    [
      'only included tenants, those with recipients first',
      { include: ['T2', 'T1'], recipients: mailed, maxReports: 3 },
      { recipients: ['T9', 'T1'], include: ['T2', 'T1'], maxReports: 3 },
    ],
  ] as const)('%s', (_, settings, expected) => {
    expect(tenantChoice(catalogWith({ enabled: true, ...settings }))).toEqual(expected);
  });

  it('groups the analytics search by every tenant, or by the included ones', () => {
    expect(tenantTrendScope(catalogWith({ enabled: true }))).toEqual({ include: undefined });
    expect(tenantTrendScope(catalogWith({ enabled: true, include: ['T2'] }))).toEqual({ include: ['T2'] });
  });

  it('mails a tenant its own recipients only, never an Object.prototype member', () => {
    const catalog = catalogWith({ enabled: true, recipients: mailed });
    expect(tenantRecipients(catalog, 'T9')).toEqual(['sec@t9.example']);
    expect(tenantRecipients(catalog, 'T2')).toEqual([]);
    expect(tenantRecipients(catalog, 'constructor')).toEqual([]);
  });
});
