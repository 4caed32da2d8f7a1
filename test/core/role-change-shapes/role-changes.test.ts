import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { findUnreadRoleChanges } from '../../../functions/core/findings/unread-change-findings.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import {
  extractRoleChanges,
  findUnreadChangeKeys,
} from '../../../functions/core/role-change-shapes/role-changes.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTable } from '../../support/compute-table.js';
import { builtinResult } from '../../support/query-result-builder.js';

const builtin = (id: string) => {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(`built-in query ${id} missing`);
  return query;
};

const modified = (
  change: Record<string, unknown>,
  tenants: string[] = [],
  occurred = Date.UTC(2026, 10, 18),
): AuditRecord =>
  auditRecord({
    action: 'UserModified',
    type: 'info',
    userId: 'U1',
    loginIds: ['u1@x'],
    data: { Change: change },
    tenants,
    occurred,
  });

const shown = (changes: ReturnType<typeof extractRoleChanges>) =>
  changes.map((c) => `${c.role}/${c.tenant}/${c.scope}`);

describe('role changes: every plausible shape, added and removed, project-wide and per tenant', () => {
  const shapes: Array<[string, unknown, string[], string[]]> = [
    ['a list of role names', ['admin', 'auditor'], ['T1'], ['admin', 'auditor']],
    ['a single role name', 'admin', ['T1'], ['admin']],
    ['a list of { tenantId, roleNames }', [{ tenantId: 'T2', roleNames: ['a', 'b'] }], [], ['a@T2', 'b@T2']],
    ['one { tenantId, roleNames }', { tenantId: 'T2', roleNames: 'a' }, [], ['a@T2']],
    ['an object of tenant → roles', { T2: ['a'], T3: 'b' }, [], ['a@T2', 'b@T3']],
  ];
  for (const kind of ['added', 'removed'] as const) {
    it.each(shapes)(`${kind}: project-wide, %s`, (_, value, tenants, expected) => {
      const changes = extractRoleChanges(modified({ [`${kind}_roles`]: value }, tenants), kind);
      // A bare name in a project key is a project role; a value naming its tenant is a tenant role.
      expect(shown(changes)).toEqual(
        expected.map((e) => (e.includes('@') ? `${e.replace('@', '/')}/tenant` : `${e}//project`)),
      );
      expect(findUnreadChangeKeys(modified({ [`${kind}_roles`]: value }, tenants))).toEqual([]);
    });
    it.each(shapes)(`${kind}: per tenant, %s`, (_, value, tenants, expected) => {
      const changes = extractRoleChanges(modified({ [`${kind}_multi_tenant_roles`]: value }, tenants), kind);
      expect(shown(changes)).toEqual(
        expected.map((e) =>
          e.includes('@') ? `${e.replace('@', '/')}/tenant` : `${e}/${tenants.join('; ')}/tenant`,
        ),
      );
    });
  }

  it('keeps grants and revocations apart, and profile edits out', async () => {
    const record = modified({ added_roles: ['a'], removed_roles: ['b'], display_name: 'x', phone: '1' });
    expect(shown(extractRoleChanges(record, 'added'))).toEqual(['a//project']);
    expect(shown(extractRoleChanges(record, 'removed'))).toEqual(['b//project']);
    expect(findUnreadChangeKeys(record)).toEqual([]);
  });

  it('lists a tenant role of an event naming several tenants under all of them project-wide', async () => {
    const record = modified({ added_multi_tenant_roles: ['Tenant Admin'] }, ['T1', 'T2']);
    expect(shown(extractRoleChanges(record, 'added'))).toEqual(['Tenant Admin/T1; T2/tenant']);
  });

  it('counts a role change only in the tenant it was made in', async () => {
    const record = modified(
      { added_roles: ['owner'], added_multi_tenant_roles: [{ tenantId: 'T1', roleNames: ['Tenant Admin'] }] },
      ['T1', 'T2'],
    );
    expect(shown(extractRoleChanges(record, 'added', 'T1'))).toEqual(['Tenant Admin/T1/tenant']);
    // Project-wide roles only in the project report; another tenant's role never.
    expect(extractRoleChanges(record, 'added', 'T2')).toEqual([]);
  });
});

describe('change details not understood', () => {
  it.each<[string, Record<string, unknown>, Array<[string, string]>]>([
    [
      'an unknown key naming roles',
      { roleNames: ['Tenant Admin'], display_name: 'x' },
      [['roleNames', 'a list of text']],
    ],
    ['a read key in an unknown shape', { added_roles: 42 }, [['added_roles', 'number']]],
    [
      'a list mixing names and numbers',
      { removed_multi_tenant_roles: ['a', 7] },
      [['removed_multi_tenant_roles', 'a list of number and text']],
    ],
    [
      'an object of tenant → something else',
      { added_multi_tenant_roles: { T1: { nested: true } } },
      [['added_multi_tenant_roles', 'an object whose values are not role names']],
    ],
    [
      'a differently spelled key',
      { addedRoles: 'x', user_roles_v2: {} },
      [
        ['addedRoles', 'text'],
        ['user_roles_v2', 'an object'],
      ],
    ],
  ])('lists %s, never reads it as zero silently', async (_, change, expected) => {
    const record = modified(change);
    expect(findUnreadChangeKeys(record).map((u) => [u.key, u.shape])).toEqual(expected);
    const { table } = await computeTable(
      builtin('role-changes-not-understood'),
      [record],
      parseIsoWeek('2026-W47'),
    );
    expect(table.rows.map((r) => r[table.columns.indexOf('change_key')])).toEqual(expected.map(([k]) => k));
  });

  it('lists role keys beside the change details, as a batch might carry them', async () => {
    const record = auditRecord({
      action: 'UsersModified',
      data: { roleNames: ['Tenant Admin'], userIds: ['U1', 'U2'] },
    });
    expect(findUnreadChangeKeys(record).map((u) => [u.key, u.shape])).toEqual([
      ['data.roleNames', 'a list of text'],
    ]);
    expect(extractRoleChanges(record, 'added')).toEqual([]);
  });

  it('raises one finding per key, with the count and a sample record', async () => {
    const records = [
      auditRecord({ id: 'r1', action: 'UserModified', data: { Change: { roleNames: ['Tenant Admin'] } } }),
      auditRecord({ id: 'r2', action: 'UserModified', data: { Change: { roleNames: ['x'] } } }),
      auditRecord({ id: 'r3', action: 'UsersModified', data: { Change: { added_roles: 5 } } }),
    ];
    const outcome = findUnreadRoleChanges(await builtinResult('role-changes-not-understood', records));
    expect(outcome.findings.map((f) => [f.severity, f.title, f.detail])).toEqual([
      [
        'high',
        'Role change details not understood: roleNames',
        '2 changes carried "roleNames" (a list of text, e.g. record r1); the roles it grants or removes are not in the role tables and no privileged-grant finding can see them.',
      ],
      [
        'high',
        'Role change details not understood: added_roles',
        '1 change carried "added_roles" (number, e.g. record r3); the roles it grants or removes are not in the role tables and no privileged-grant finding can see them.',
      ],
    ]);
    expect(findUnreadRoleChanges(await builtinResult('role-changes-not-understood', [])).findings).toEqual(
      [],
    );
  });
});

describe('batch modifications (UsersModified)', () => {
  const batch = (data: Record<string, unknown>) =>
    auditRecord({ action: 'UsersModified', userId: '', loginIds: [], tenants: ['T1'], data });

  it('expands a change shared by the users a batch names', async () => {
    const changes = extractRoleChanges(
      batch({ Change: { added_roles: ['admin'] }, userIds: ['U1', 'U2'] }),
      'added',
    );
    expect(changes.map((c) => [c.userId, c.role])).toEqual([
      ['U1', 'admin'],
      ['U2', 'admin'],
    ]);
    const byLogin = extractRoleChanges(
      batch({ Change: { added_roles: 'x' }, loginIds: ['a@x', 'b@x'] }),
      'added',
    );
    expect(byLogin.map((c) => c.loginIds)).toEqual([['a@x'], ['b@x']]);
  });

  it('expands per-user changes, with each user in the table', async () => {
    const record = batch({
      users: [
        { userId: 'U1', loginIds: ['a@x'], Change: { added_multi_tenant_roles: ['Tenant Admin'] } },
        { userId: 'U2', loginId: 'b@x', Change: { removed_roles: ['viewer'], role_hint: 1 } },
      ],
    });
    const { table } = await computeTable(builtin('role-grants'), [record], parseIsoWeek('2026-W47'));
    expect(table.rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([['U1', 'a@x', 'Tenant Admin', 'T1']]);
    expect(extractRoleChanges(record, 'removed').map((c) => [c.userId, c.loginIds.join(), c.role])).toEqual([
      ['U2', 'b@x', 'viewer'],
    ]);
    expect(findUnreadChangeKeys(record).map((u) => [u.userId, u.key])).toEqual([['U2', 'role_hint']]);
  });
});

describe('role grants table', () => {
  it('has one row per role granted, in time order, with the required columns', async () => {
    const records = [
      modified({ added_roles: ['late'] }, [], Date.UTC(2026, 10, 20)),
      modified({ display_name: 'x' }),
      modified({ added_multi_tenant_roles: ['Tenant Admin'] }, ['T1'], Date.UTC(2026, 10, 17)),
    ];
    const { table, records: counted } = await computeTable(
      builtin('role-grants'),
      records,
      parseIsoWeek('2026-W47'),
    );
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
    expect(counted).toBe(3);
  });
});
