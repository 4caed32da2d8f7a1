import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../functions/core/aggregation/create-aggregator.js';
import { extractRoleChanges } from '../../../functions/core/aggregation/role-changes.js';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { parseIsoWeek } from '../../../functions/core/period.js';
import { auditRecord } from '../../support/audit-record-builder.js';

const roleGrants = BUILTIN_QUERIES.find((q) => q.id === 'role-grants');
if (!roleGrants) throw new Error('built-in query missing');

const modified = (
  change: Record<string, unknown>,
  tenants: string[] = [],
  occurred = Date.UTC(2026, 10, 18),
) => auditRecord({ action: 'UserModified', type: 'info', data: { Change: change }, tenants, occurred });

describe('role changes', () => {
  it.each([
    ['project roles', { added_roles: ['admin', 'auditor'] }, [], ['admin//project', 'auditor//project']],
    [
      'tenant roles take the record tenant',
      { added_multi_tenant_roles: ['Tenant Admin'] },
      ['T1'],
      ['Tenant Admin/T1/tenant'],
    ],
    ['both', { added_roles: ['x'], added_multi_tenant_roles: ['y'] }, ['T9'], ['x//project', 'y/T9/tenant']],
    [
      'object form',
      { added_multi_tenant_roles: [{ tenantId: 'T2', roleNames: ['a', 'b'] }] },
      [],
      ['a/T2/tenant', 'b/T2/tenant'],
    ],
    ['profile edits are not grants', { display_name: 'New', phone: '123', custom_attribute_x: true }, [], []],
    [
      'garbage is ignored',
      { added_roles: 'solo', added_multi_tenant_roles: [42, null, ''] },
      [],
      ['solo//project'],
    ],
  ])('%s', (_name, change, tenants, expected) => {
    const found = extractRoleChanges(modified(change, tenants), 'added').map(
      (c) => `${c.role}/${c.tenant}/${c.scope}`,
    );
    expect(found).toEqual(expected);
  });

  it('reads revocations only from removed_* keys', () => {
    const record = modified({ added_roles: ['a'], removed_roles: ['b'] });
    expect(extractRoleChanges(record, 'removed').map((c) => c.role)).toEqual(['b']);
  });

  it('ignores records without Change', () => {
    expect(extractRoleChanges(auditRecord({ action: 'UserModified', data: {} }), 'added')).toEqual([]);
  });
});

describe('role grants table', () => {
  it('has one row per role granted, in time order, with the required columns', () => {
    const aggregator = createAggregator(roleGrants, parseIsoWeek('2026-W47'));
    aggregator.add(modified({ added_roles: ['late'] }, [], Date.UTC(2026, 10, 20)));
    aggregator.add(modified({ display_name: 'x' }));
    aggregator.add(modified({ added_multi_tenant_roles: ['Tenant Admin'] }, ['T1'], Date.UTC(2026, 10, 17)));
    const table = aggregator.finish();
    expect(table.columns.slice(0, 7)).toEqual([
      'occurred',
      'user_id',
      'login_ids',
      'role',
      'tenant',
      'scope',
      'actor_id',
    ]);
    expect(table.rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['2026-11-17T00:00:00.000Z', 'Tenant Admin', 'T1'],
      ['2026-11-20T00:00:00.000Z', 'late', ''],
    ]);
    expect(aggregator.records).toBe(3);
  });
});
