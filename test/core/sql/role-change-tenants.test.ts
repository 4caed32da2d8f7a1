import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { isSafeTenantId } from '../../../functions/core/catalog/tenant-id.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import type { SqlResult } from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { computeTables } from '../../support/compute-table.js';
import { CHANGE_DETAIL_RECORDS } from './change-detail-records.js';
import { hostileWeeks } from './hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from './role-shape-records.js';

/*
 * The SQL role-change reader over every role-change shape, the change-detail records and the
 * hostile weeks' role changes: a change the project's report places in a tenant is in that
 * tenant's report, and a tenant's tables name only that tenant.
 */
const week = parseIsoWeek('2026-W47');
const QUERIES = BUILTIN_QUERIES.filter((q) =>
  ['role-grants', 'role-revocations', 'role-changes-not-understood'].includes(q.id),
);
const RECORDS: AuditRecord[] = [
  ...ROLE_SHAPE_RECORDS,
  ...CHANGE_DETAIL_RECORDS,
  ...hostileWeeks(week).flatMap((records, n) =>
    records.filter((r) => r.action === 'UserModified').map((r) => ({ ...r, id: `${n}-${r.id}` })),
  ),
];
const ROLE_COLUMNS = ['record_id', 'user_id', 'login_ids', 'role', 'tenant', 'scope'];
const UNREAD_COLUMNS = ['record_id', 'change_key', 'value_shape', 'user_id', 'login_ids'];

const sorted = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();
function sqlRows(results: readonly SqlResult[] | undefined, id: string, columns: string[]): string[] {
  const result = results?.find((r) => r.query.id === id);
  if (!result) throw new Error(`no table ${id}`);
  const at = columns.map((c) => result.table.columns.indexOf(c));
  return sorted(result.table.rows.map((row) => at.map((i) => String(row[i]))));
}

describe('the SQL role-change reader, project-wide and per tenant', () => {
  it('on grants, revocations and keys not understood, for the project and each tenant', async () => {
    const tenants = [...new Set(RECORDS.flatMap((r) => r.tenants))].filter(isSafeTenantId);
    const tables = await computeTables(QUERIES, RECORDS, week, { maxReports: 10_000 });

    // Every kind of row is exercised, not an empty table.
    expect(sqlRows(tables.project, 'role-grants', ROLE_COLUMNS).length).toBeGreaterThan(50);
    expect(sqlRows(tables.project, 'role-revocations', ROLE_COLUMNS).length).toBeGreaterThan(10);
    expect(sqlRows(tables.project, 'role-changes-not-understood', UNREAD_COLUMNS).length).toBeGreaterThan(50);

    // A role change the project's report places in one of the record's tenants is in that tenant's report.
    const tenantsOf = new Map(RECORDS.map((r) => [r.id ?? '', new Set(r.tenants)]));
    for (const id of ['role-grants', 'role-revocations']) {
      const placed = sqlRows(tables.project, id, ROLE_COLUMNS)
        .map((row) => JSON.parse(row) as string[])
        .filter(
          ([record = '', , , , tenant = '']) =>
            tenants.includes(tenant) && tenantsOf.get(record)?.has(tenant),
        );
      expect(placed.length, id).toBeGreaterThan(10);
      for (const row of placed)
        expect(sqlRows(tables.byTenant.get(row[4] ?? ''), id, ROLE_COLUMNS), `${id} ${row}`).toContain(
          JSON.stringify(row),
        );
    }
    // A tenant's tables read its own view of each value: they name only that tenant.
    expect([...tables.byTenant.keys()].sort()).toEqual(tenants.sort());
    for (const tenant of tenants) {
      const own = tables.byTenant.get(tenant);
      for (const id of ['role-grants', 'role-revocations'])
        for (const row of sqlRows(own, id, ['tenant']))
          expect(JSON.parse(row), `${tenant} ${id}`).toEqual([tenant]);
    }
  }, 60_000);
});
