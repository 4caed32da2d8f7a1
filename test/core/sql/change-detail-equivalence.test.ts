import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { createAggregator } from '../../../functions/core/aggregation/create-aggregator.js';
import { createTenantAggregators } from '../../../functions/core/aggregation/tenant-aggregators.js';
import type { AuditRecord } from '../../../functions/core/audit-record.js';
import { formatEvidenceLine } from '../../../functions/core/evidence-line.js';
import { parseIsoWeek } from '../../../functions/core/period.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import { runSqlQueries, runTenantSqlQueries } from '../../../functions/weekly-report/sql-aggregation.js';
import { CHANGE_DETAIL_QUERIES, CHANGE_DETAIL_RECORDS } from './change-detail-records.js';
import { hostileWeeks } from './hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from './role-shape-records.js';

const week = parseIsoWeek('2026-W47');
const accept = (tenant: string) => tenant !== 'T-2';
const REQUIRED = ['configured-only'];
const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

type Tables = { project: unknown[]; tenants: unknown[] };

function computeInCode(records: readonly AuditRecord[]): Tables {
  const project = CHANGE_DETAIL_QUERIES.map((query) => {
    const aggregator = createAggregator(query, week);
    for (const record of records) aggregator.add(record);
    return { id: query.id, records: aggregator.records, table: aggregator.finish() };
  });
  const perTenant = createTenantAggregators(CHANGE_DETAIL_QUERIES, week, accept);
  for (const record of records) perTenant.add(record);
  const tenants = [...perTenant.finish(REQUIRED)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([tenant, { tables }]) => ({
      tenant,
      results: tables.map((t) => ({ id: t.query.id, records: t.records, table: t.table })),
    }));
  return { project, tenants };
}

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
      const { byTenant } = await runTenantSqlQueries(db, CHANGE_DETAIL_QUERIES, week, accept, REQUIRED);
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

describe('rows showing change details: SQL gives the text the code gave', () => {
  const cases: Array<[string, AuditRecord[]]> = [
    ['change details with numbers, escapes and other tenants', CHANGE_DETAIL_RECORDS],
    // Lists nested more than two deep are shown as JSON, a documented limit (README).
    ['every role-change shape', ROLE_SHAPE_RECORDS.filter((r) => listDepth(r.data) <= 2)],
    ['the demo week', generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000')],
    ...hostileWeeks(week, 10).map((records, n): [string, AuditRecord[]] => [`hostile week ${n}`, records]),
  ];
  it.each(cases)(
    '%s',
    async (_name, records) => {
      const expected = computeInCode(records);
      const actual = await computeInSql(records);
      expect(actual).toEqual(expected);
      console.log(JSON.stringify({ name: _name, sha256: sha256(expected) }));
    },
    60_000,
  );
});
