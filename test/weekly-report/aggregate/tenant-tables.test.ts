import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTables } from '../../support/compute-table.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const queries = BUILTIN_QUERIES.filter((q) => q.id === 'failed-logins-by-geo' || q.id === 'lockouts');

describe('per-tenant aggregation', () => {
  it('counts a record for each tenant it names, none without a tenant, and refuses unsafe IDs', async () => {
    const tenants = await computeTables(
      queries,
      [
        auditRecord({ tenants: ['T1'] }),
        auditRecord({ tenants: ['T1', 'T2', 'T1'] }),
        auditRecord({ tenants: [] }),
        auditRecord({ tenants: ['../../etc'] }),
        auditRecord({ tenants: ['T-excluded'] }),
        auditRecord({ action: 'LoginExceedMaxAttempts', tenants: ['T2'] }),
      ],
      TEST_WEEK,
      { include: ['T1', 'T2', 'T3'] },
    );
    const finished = tenants.byTenant;
    const records = (id: string) => finished.get(id)?.map((t) => [t.query.id, t.records]);
    expect([...finished.keys()].sort()).toEqual(['T1', 'T2', 'T3']);
    expect(records('T1')).toEqual([
      ['failed-logins-by-geo', 2],
      ['lockouts', 0],
    ]);
    expect(records('T2')).toEqual([
      ['failed-logins-by-geo', 1],
      ['lockouts', 1],
    ]);
    expect(records('T3')).toEqual([
      ['failed-logins-by-geo', 0],
      ['lockouts', 0],
    ]);
    expect([...(tenants.census?.rejected ?? [])]).toEqual([['../../etc', 1]]);
  });
});

describe('tenant isolation in aggregation', () => {
  const ids = ['lockouts', 'role-grants', 'role-revocations', 'role-changes-not-understood'];
  const scoped = BUILTIN_QUERIES.filter((q) => ids.includes(q.id));

  it('shows each tenant only its own ID, and a role change only in the tenant it was made in', async () => {
    const records = [
      auditRecord({
        action: 'LoginExceedMaxAttempts',
        tenants: ['alpha', 'bravo'],
        occurred: TEST_WEEK.from + 1,
      }),
      auditRecord({
        action: 'UserModified',
        tenants: ['alpha', 'bravo'],
        occurred: TEST_WEEK.from + 2,
        data: {
          Change: {
            added_roles: ['owner'],
            added_multi_tenant_roles: [{ tenantId: 'alpha', roleNames: ['Tenant Admin'] }],
            removed_multi_tenant_roles: { bravo: ['viewer'] },
          },
        },
      }),
    ];
    const finished = (await computeTables(scoped, records, TEST_WEEK, {})).byTenant;
    const table = (tenant: string, id: string) => finished.get(tenant)?.find((t) => t.query.id === id)?.table;
    const cells = (tenant: string, id: string, column: string) => {
      const t = table(tenant, id);
      return t?.rows.map((r) => r[t.columns.indexOf(column)]);
    };
    expect(cells('alpha', 'lockouts', 'tenants')).toEqual(['alpha']);
    expect(cells('bravo', 'lockouts', 'tenants')).toEqual(['bravo']);
    expect(cells('alpha', 'role-grants', 'role')).toEqual(['Tenant Admin']);
    expect(cells('alpha', 'role-grants', 'tenant')).toEqual(['alpha']);
    expect(cells('bravo', 'role-grants', 'role')).toEqual([]);
    expect(cells('bravo', 'role-revocations', 'role')).toEqual(['viewer']);
    expect(cells('alpha', 'role-revocations', 'role')).toEqual([]);
    for (const tenant of ['alpha', 'bravo']) {
      const other = tenant === 'alpha' ? 'bravo' : 'alpha';
      const text = JSON.stringify(finished.get(tenant)?.map((t) => t.table));
      expect(text).not.toContain(other);
    }
  });

  it('keeps tenants named after Object.prototype members apart', async () => {
    const records = ['constructor', '__proto__', 'toString', 'constructor'].map((tenant) =>
      auditRecord({ action: 'LoginExceedMaxAttempts', tenants: [tenant] }),
    );
    const finished = (await computeTables(scoped, records, TEST_WEEK, { recipients: ['hasOwnProperty'] }))
      .byTenant;
    expect([...finished.keys()].sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(finished.get('constructor')?.[0]?.records).toBe(2);
  });
});
