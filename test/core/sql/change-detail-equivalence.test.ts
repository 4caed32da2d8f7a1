import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { formatEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import {
  runSqlQueries,
  runTenantSqlQueries,
} from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { propertyRuns } from '../../support/assurance.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { censusOf } from '../../support/compute-table.js';
import { CHANGE_DETAIL_QUERIES, CHANGE_DETAIL_RECORDS } from './change-detail-records.js';
import { hostileWeeks } from './hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from './role-shape-records.js';

const week = parseIsoWeek('2026-W47');
const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/*
 * The expected side is what the retired code path (`createAggregator` / `createTenantAggregators`
 * with `scopeRecordToTenant`, commit 7205c05) computed on the same records, compared table for table
 * with this SQL before it was deleted: per case, the SHA-256 of `{ project, tenants }` with every
 * table, its record count and its query ID (tenants accepted but T-2, `configured-only` required).
 * One deliberate change since: a lone `{ roleNames }` object (no `tenantId`) is an entry of the
 * record's tenant, kept in its view as the project's report reads it (`every role-change shape`).
 */
type Tables = { project: unknown[]; tenants: unknown[] };

async function computeInSql(records: readonly AuditRecord[]): Promise<Tables> {
  const directory = await mkdtemp(join(tmpdir(), 'change-details-'));
  try {
    const file = join(directory, 'records.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      const project = (await runSqlQueries(db, CHANGE_DETAIL_QUERIES, week)).map((r) => ({
        id: r.query.id,
        records: r.records,
        table: r.table,
      }));
      // Every tenant but T-2, and `configured-only` without records (a configured recipient).
      const census = await censusOf(db, { recipients: ['configured-only'] });
      const reported = census.reported.filter((t) => t !== 'T-2');
      const byTenant = await runTenantSqlQueries(db, CHANGE_DETAIL_QUERIES, week, reported);
      const tenants = [...byTenant]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([tenant, results]) => ({
          tenant,
          results: results.map((r) => ({ id: r.query.id, records: r.records, table: r.table })),
        }));
      return { project, tenants };
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** How deep lists nest in a value (`[[1]]` is 2). */
const listDepth = (value: unknown): number =>
  Array.isArray(value)
    ? 1 + Math.max(0, ...value.map(listDepth))
    : value !== null && typeof value === 'object'
      ? Math.max(0, ...Object.values(value).map(listDepth))
      : 0;

describe('rows showing change details: SQL gives the text the retired code path gave', () => {
  const cases: Array<[string, AuditRecord[]]> = [
    ['change details with numbers, escapes and other tenants', CHANGE_DETAIL_RECORDS],
    // Lists nested more than two deep are shown as JSON, a documented limit (docs/architecture.md).
    ['every role-change shape', ROLE_SHAPE_RECORDS.filter((r) => listDepth(r.data) <= 2)],
    ['the demo week', generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000')],
    // Ten generated weeks under test:full, the first of them under npm test (the same seed).
    ...hostileWeeks(week, propertyRuns(10)).map((records, n): [string, AuditRecord[]] => [
      `hostile week ${n}`,
      records,
    ]),
  ];
  it.each(cases)(
    '%s',
    async (name, records) => {
      const expected = JSON.parse(
        await readFile(new URL('../../fixtures/change-detail-tables.json', import.meta.url), 'utf8'),
      ) as Record<string, string>;
      const tables = await computeInSql(records);
      expect(tables.project).toHaveLength(CHANGE_DETAIL_QUERIES.length);
      expect(sha256(tables)).toBe(expected[name]);
    },
    60_000,
  );
});

describe('a record as a tenant report sees it', () => {
  it('names only that tenant in the role entries of its change details; the rest is the record as it is', async () => {
    const data = JSON.parse(
      '{"__proto__":"kept","Change":{"__proto__":"kept too","display_name":"x",' +
        '"added_multi_tenant_roles":[{"tenantId":"A","roleNames":["admin"]},{"tenantId":"B","roleNames":["viewer"]},"bare"],' +
        '"removed_multi_tenant_roles":{"A":["old"],"B":["gone"]},' +
        '"added_roles":{"tenantId":"B","roleNames":["x"]}}}',
    );
    const plain = { error_message: 'x', Change: 'not an object' };
    const records = [
      // Rows are ordered by user: the IDs are set, not numbered by the builder.
      auditRecord({ id: 'r1', userId: 'U-r1', action: 'UserModified', tenants: ['A', 'B'], data }),
      auditRecord({ id: 'r2', userId: 'U-r2', tenants: ['A', 'B'], data: plain }),
    ];
    const { project, tenants } = await computeInSql(records);
    const dataOf = (results: unknown[]) =>
      (results as Array<{ id: string; table: { rows: string[][] } }>)
        .find((r) => r.id === 'whole-data')
        ?.table.rows.map((row) => row[1]);
    const byTenant = new Map(
      (tenants as Array<{ tenant: string; results: unknown[] }>).map((t) => [t.tenant, dataOf(t.results)]),
    );
    expect(byTenant.get('A')).toEqual([
      '{"__proto__":"kept","Change":{"__proto__":"kept too","display_name":"x",' +
        '"added_multi_tenant_roles":[{"tenantId":"A","roleNames":["admin"]},"bare"],' +
        '"removed_multi_tenant_roles":{"A":["old"]},"added_roles":[]}}',
      JSON.stringify(plain),
    ]);
    expect(byTenant.get('B')?.[0]).not.toMatch(/"A"/);
    // The project's report (and the evidence) keep the record whole.
    expect(dataOf(project)).toEqual([JSON.stringify(data), JSON.stringify(plain)]);
  });
});
