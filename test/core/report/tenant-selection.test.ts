import { describe, expect, it } from 'vitest';
import { defaultReportCatalog, type TenantSettings } from '../../../functions/core/catalog/report-catalog.js';
import {
  reportedTenants,
  selectTenants,
  tenantAggregation,
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

describe('tenant selection', () => {
  const catalog = catalogWith({
    enabled: true,
    maxReports: 2,
    recipients: new Map([['T9', ['sec@t9.example']]]),
  });

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

const mailed = new Map([
  ['T9', ['sec@t9.example']],
  ['T1', ['sec@t1.example']],
]);

describe('which tenants get their own report', () => {
  it.each([
    ['off', { enabled: false, recipients: mailed }, ['T1', 'T2', 'T9'], []],
    ['on, every tenant seen', { enabled: true }, ['T2', 'T1', 'T2'], ['T1', 'T2']],
    [
      'on, capped, recipients first',
      { enabled: true, maxReports: 1, recipients: mailed },
      ['T1', 'T2', 'T9'],
      ['T1'],
    ],
    [
      'on, capped at two',
      { enabled: true, maxReports: 2, recipients: mailed },
      ['T0', 'T2', 'T9'],
      ['T0', 'T9'],
    ],
  ] as const)('%s', (_, tenants, seen, expected) => {
    expect(reportedTenants(seen, catalogWith(tenants))).toEqual(expected);
  });
});

describe('per-tenant aggregation as the catalog sets it', () => {
  it('is off when per-tenant reports are off, whatever else is set', () => {
    expect(
      tenantAggregation(catalogWith({ enabled: false, include: ['T1'], recipients: mailed })),
    ).toBeUndefined();
    expect(tenantTrendScope(catalogWith({ enabled: false, include: ['T1'] }))).toBeUndefined();
  });

  it.each([
    ['every tenant, none required', {}, ['T1', 'T7', '__proto__'], [], []],
    [
      'only included tenants, each required',
      { include: ['T2', 'T1'] },
      ['T1', 'T2'],
      ['T3', 'constructor'],
      ['T2', 'T1'],
    ],
    ['every tenant, those with recipients required', { recipients: mailed }, ['T1', 'T3'], [], ['T9', 'T1']],
    [
      'included and mailed tenants required once each',
      { include: ['T1', 'T4'], recipients: mailed },
      ['T1', 'T4'],
      ['T9', 'T2'],
      ['T1', 'T4', 'T9'],
    ],
  ] as const)('%s', (_, settings, accepted, refused, required) => {
    const aggregation = tenantAggregation(catalogWith({ enabled: true, ...settings }));
    if (!aggregation) throw new Error('expected per-tenant aggregation');
    for (const id of accepted) expect(aggregation.accept(id), id).toBe(true);
    for (const id of refused) expect(aggregation.accept(id), id).toBe(false);
    expect(aggregation.required).toEqual(required);
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
