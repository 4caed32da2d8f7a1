import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { findUnreadRoleChanges } from '../../../functions/core/findings/unread-change-findings.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import type { CollectionTables } from '../../../functions/weekly-report/aggregate/collection-tables.js';
import type { SqlResult } from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { computeTable, computeTables } from '../../support/compute-table.js';
import { builtinResult } from '../../support/query-result-builder.js';

/*
 * The role-change reader is SQL (core/sql/role-change-sql.ts, role-change-rows.ts): the report
 * counts with it and the doctor asks it. These cases run it in DuckDB as a run does.
 */
const week = parseIsoWeek('2026-W47');
const builtin = (id: string) => {
  const query = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!query) throw new Error(`built-in query ${id} missing`);
  return query;
};
const ROLE_QUERIES = ['role-grants', 'role-revocations', 'role-changes-not-understood'].map(builtin);
const tableOf = (kind: 'added' | 'removed') => (kind === 'added' ? 'role-grants' : 'role-revocations');

const modified = (
  change: Record<string, unknown>,
  tenants: string[] = [],
  occurred = Date.UTC(2026, 10, 18),
  id?: string,
): AuditRecord =>
  auditRecord({
    ...(id ? { id } : {}),
    action: 'UserModified',
    type: 'info',
    userId: 'U1',
    loginIds: ['u1@x'],
    data: { Change: change },
    tenants,
    occurred,
  });

/** A table's cells by column name, one list per row (of the record `recordId` only, when given). */
function cells(results: readonly SqlResult[] | undefined, id: string, columns: string[], recordId?: string) {
  const result = results?.find((r) => r.query.id === id);
  if (!result) throw new Error(`no table ${id}`);
  const at = (column: string) => {
    const index = result.table.columns.indexOf(column);
    if (index < 0) throw new Error(`${id} has no column ${column}`);
    return index;
  };
  const record = at('record_id');
  const indexes = columns.map(at);
  return result.table.rows
    .filter((row) => recordId === undefined || row[record] === recordId)
    .map((row) => indexes.map((i) => String(row[i])));
}

/** The grants or revocations the reader finds in one record, as `role/tenant/scope`. */
const shown = (
  tables: CollectionTables | readonly SqlResult[] | undefined,
  kind: 'added' | 'removed',
  recordId?: string,
) =>
  cells(
    tables && 'project' in tables ? tables.project : tables,
    tableOf(kind),
    ['role', 'tenant', 'scope'],
    recordId,
  )
    .map((c) => c.join('/'))
    .sort();
/** The keys the reader lists as not understood, as `key: shape`. */
const unread = (tables: CollectionTables, recordId?: string) =>
  cells(tables.project, 'role-changes-not-understood', ['change_key', 'value_shape'], recordId).map((c) =>
    c.join(': '),
  );

describe('role changes: every plausible shape, added and removed, project-wide and per tenant', () => {
  const shapes: Array<[string, unknown, string[], string[]]> = [
    ['a list of role names', ['admin', 'auditor'], ['T1'], ['admin', 'auditor']],
    ['a single role name', 'admin', ['T1'], ['admin']],
    ['a list of { tenantId, roleNames }', [{ tenantId: 'T2', roleNames: ['a', 'b'] }], [], ['a@T2', 'b@T2']],
    ['one { tenantId, roleNames }', { tenantId: 'T2', roleNames: 'a' }, [], ['a@T2']],
    ['an object of tenant → roles', { T2: ['a'], T3: 'b' }, [], ['a@T2', 'b@T3']],
  ];
  const cases = (['added', 'removed'] as const).flatMap((kind) =>
    (['roles', 'multi_tenant_roles'] as const).flatMap((key) =>
      shapes.map(([name, value, tenants, expected]) => ({
        kind,
        key,
        name,
        value,
        tenants,
        expected,
        id: `${kind}_${key} ${name}`,
      })),
    ),
  );
  // One DuckDB run for every case: each record is told apart by its ID.
  let tables: CollectionTables;
  beforeAll(async () => {
    tables = await computeTables(
      ROLE_QUERIES,
      cases.map((c) => modified({ [`${c.kind}_${c.key}`]: c.value }, c.tenants, undefined, c.id)),
      week,
    );
  });

  it.each(cases)('$id', ({ kind, key, tenants, expected, id }) => {
    // A bare name in a project key is a project role; a value naming its tenant is a tenant role;
    // a bare name in a tenant key belongs to the record's tenants.
    const tenantOf = (e: string) => (key === 'roles' ? `${e}//project` : `${e}/${tenants.join('; ')}/tenant`);
    expect(shown(tables, kind, id)).toEqual(
      expected.map((e) => (e.includes('@') ? `${e.replace('@', '/')}/tenant` : tenantOf(e))).sort(),
    );
    expect(shown(tables, kind === 'added' ? 'removed' : 'added', id)).toEqual([]);
    expect(unread(tables, id)).toEqual([]);
  });

  it('keeps grants and revocations apart, and profile edits out', async () => {
    const record = modified({ added_roles: ['a'], removed_roles: ['b'], display_name: 'x', phone: '1' });
    const read = await computeTables(ROLE_QUERIES, [record], week);
    expect(shown(read, 'added')).toEqual(['a//project']);
    expect(shown(read, 'removed')).toEqual(['b//project']);
    expect(unread(read)).toEqual([]);
  });

  it('lists a tenant role of an event naming several tenants under all of them project-wide', async () => {
    const record = modified({ added_multi_tenant_roles: ['Tenant Admin'] }, ['T1', 'T2']);
    expect(shown(await computeTables(ROLE_QUERIES, [record], week), 'added')).toEqual([
      'Tenant Admin/T1; T2/tenant',
    ]);
  });

  it('counts a role change only in the tenant it was made in', async () => {
    const record = modified(
      { added_roles: ['owner'], added_multi_tenant_roles: [{ tenantId: 'T1', roleNames: ['Tenant Admin'] }] },
      ['T1', 'T2'],
    );
    const read = await computeTables(ROLE_QUERIES, [record], week, {});
    expect(shown(read.byTenant.get('T1'), 'added')).toEqual(['Tenant Admin/T1/tenant']);
    // Project-wide roles only in the project report; another tenant's role never.
    expect(shown(read.byTenant.get('T2'), 'added')).toEqual([]);
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
    const read = await computeTables(ROLE_QUERIES, [modified(change)], week);
    expect(unread(read)).toEqual(expected.map(([key, shape]) => `${key}: ${shape}`));
    expect([...shown(read, 'added'), ...shown(read, 'removed')]).toEqual([]);
  });

  it('lists role keys beside the change details, as a batch might carry them', async () => {
    const record = auditRecord({
      action: 'UsersModified',
      data: { roleNames: ['Tenant Admin'], userIds: ['U1', 'U2'] },
    });
    const read = await computeTables(ROLE_QUERIES, [record], week);
    expect(unread(read)).toEqual(['data.roleNames: a list of text']);
    expect(shown(read, 'added')).toEqual([]);
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
    const read = await computeTables(
      ROLE_QUERIES,
      [
        batch({ Change: { added_roles: ['admin'] }, userIds: ['U1', 'U2'] }),
        batch({ Change: { added_roles: 'x' }, loginIds: ['a@x', 'b@x'] }),
      ],
      week,
    );
    expect(cells(read.project, 'role-grants', ['user_id', 'login_ids', 'role']).sort()).toEqual([
      ['', 'a@x', 'x'],
      ['', 'b@x', 'x'],
      ['U1', '', 'admin'],
      ['U2', '', 'admin'],
    ]);
  });

  it('expands per-user changes, with each user in the table', async () => {
    const record = batch({
      users: [
        { userId: 'U1', loginIds: ['a@x'], Change: { added_multi_tenant_roles: ['Tenant Admin'] } },
        { userId: 'U2', loginId: 'b@x', Change: { removed_roles: ['viewer'], role_hint: 1 } },
      ],
    });
    const read = await computeTables(ROLE_QUERIES, [record], week);
    expect(cells(read.project, 'role-grants', ['user_id', 'login_ids', 'role', 'tenant'])).toEqual([
      ['U1', 'a@x', 'Tenant Admin', 'T1'],
    ]);
    expect(cells(read.project, 'role-revocations', ['user_id', 'login_ids', 'role'])).toEqual([
      ['U2', 'b@x', 'viewer'],
    ]);
    expect(cells(read.project, 'role-changes-not-understood', ['user_id', 'change_key'])).toEqual([
      ['U2', 'role_hint'],
    ]);
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
