import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { formatEvidenceLine } from '../../../functions/core/records/evidence-line.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import {
  runSqlQueries,
  runTenantSqlQueries,
} from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { propertyRuns } from '../../support/assurance.js';
import { censusOf } from '../../support/compute-table.js';
import { hostileWeeks } from './hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from './role-shape-records.js';

/*
 * The expected side is what the retired hand-written aggregators computed on the same records
 * (captured before they were deleted, with `createAggregator` / `createTenantAggregators` of commit
 * 360877d over BUILTIN_QUERIES, tenants accepted but T-2, `configured-only` required): per table,
 * its record count and the SHA-256 of its JSON (hostile weeks: one SHA-256 of all tenants' tables).
 *
 * One deliberate change since: a lone `{ roleNames }` object (no `tenantId`) under a tenant key was
 * dropped from a tenant's view although the project's report placed its roles in that tenant; it
 * is now kept (role-shape tenants T1 and T2, grants and revocations: new SHA-256 values).
 */
const week = parseIsoWeek('2026-W47');
const SQL_QUERIES = BUILTIN_QUERIES;

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

/** Every built-in SQL query over `records`, for the project and each tenant, as the fixture writes it. */
async function computeTables(records: AuditRecord[]) {
  const directory = await mkdtemp(join(tmpdir(), 'sql-equivalence-'));
  try {
    // Two parts, so loading several files is exercised.
    const half = Math.ceil(records.length / 2);
    const files = [join(directory, 'a.ndjson.gz'), join(directory, 'b.ndjson.gz')];
    await writeFile(files[0] as string, gzipSync(records.slice(0, half).map(formatEvidenceLine).join('')));
    await writeFile(files[1] as string, gzipSync(records.slice(half).map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase(files, directory, { threads: 1 });
    try {
      const project = (await runSqlQueries(db, SQL_QUERIES, week)).map((r) => ({
        id: r.query.id,
        records: r.records,
        sha256: sha256(r.table),
      }));
      // Every tenant but T-2, and `configured-only` without records (a configured recipient).
      const census = await censusOf(db, { recipients: ['configured-only'] });
      const reported = census.reported.filter((t) => t !== 'T-2');
      const byTenant = await runTenantSqlQueries(db, SQL_QUERIES, week, reported);
      const perTenant = [...byTenant]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([tenant, results]) => ({
          tenant,
          results: results.map((r) => ({ id: r.query.id, records: r.records, sha256: sha256(r.table) })),
        }));
      return { project, tenants: perTenant, rejected: [...census.rejected].sort() };
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('the SQL engine computes what the retired aggregators computed', () => {
  it('on the demo week, for the project and each tenant', async () => {
    const records = generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000');
    const expected = (await fixture('demo-week-tables.json')) as Record<string, unknown>;
    const { project, tenants, rejected } = await computeTables(records);
    expect(project.filter((p) => p.records === 0).map((p) => p.id)).toEqual([]);
    expect({ week: '2026-W47', project, tenants, rejected }).toEqual(expected);
  }, 60_000);

  it('on every role-change shape the readers know or refuse, batches included', async () => {
    const expected = (await fixture('role-shape-tables.json')) as Record<string, unknown>;
    const { project, tenants, rejected } = await computeTables(ROLE_SHAPE_RECORDS);
    expect({ week: '2026-W47', project, tenants, rejected }).toEqual(expected);
  }, 60_000);

  it('on generated hostile weeks (tie-breaks at one millisecond included)', async () => {
    const expected = (await fixture('hostile-week-tables.json')) as unknown[];
    expect(expected).toHaveLength(30);
    // The fixture's first weeks (the same seed generates the same weeks); all 30 under test:full.
    const weeks = hostileWeeks(week, propertyRuns(expected.length));
    for (const [n, records] of weeks.entries()) {
      const { project, tenants, rejected } = await computeTables(records);
      expect({ n, project, tenants: sha256(tenants), rejected }).toEqual({ n, ...(expected[n] as object) });
    }
  }, 120_000);
});
