import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openEvidenceDatabase } from '../../../functions/adapters/duckdb-query-engine.js';
import { createAggregator } from '../../../functions/core/aggregation/create-aggregator.js';
import { createTenantAggregators } from '../../../functions/core/aggregation/tenant-aggregators.js';
import type { AuditRecord } from '../../../functions/core/audit-record.js';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { formatEvidenceLine } from '../../../functions/core/evidence-line.js';
import { parseIsoWeek } from '../../../functions/core/period.js';
import { isSqlQuery } from '../../../functions/core/sql/compile-query.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import { runSqlQueries, runTenantSqlQueries } from '../../../functions/weekly-report/sql-aggregation.js';
import { modelEvent, toAuditRecord } from '../../e2e/property/audit-week.js';

const week = parseIsoWeek('2026-W47');
const SQL_QUERIES = BUILTIN_QUERIES.filter(isSqlQuery);
const accept = (tenant: string) => tenant !== 'T-2';
const REQUIRED = ['configured-only'];

/** Both engines over the same records: every table (project and per tenant) must be identical. */
async function expectSameTables(records: AuditRecord[]): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'sql-equivalence-'));
  try {
    // Two parts, so loading several files is exercised.
    const half = Math.ceil(records.length / 2);
    const files = [join(directory, 'a.ndjson.gz'), join(directory, 'b.ndjson.gz')];
    await writeFile(files[0] as string, gzipSync(records.slice(0, half).map(formatEvidenceLine).join('')));
    await writeFile(files[1] as string, gzipSync(records.slice(half).map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase(files, directory, { threads: 1 });
    try {
      const sql = await runSqlQueries(db, SQL_QUERIES, week);
      for (const { query, table, records: counted } of sql) {
        const old = createAggregator(query, week);
        for (const record of records) old.add(record);
        expect({ id: query.id, table, counted }).toEqual({
          id: query.id,
          table: old.finish(),
          counted: old.records,
        });
      }
      const tenants = await runTenantSqlQueries(db, SQL_QUERIES, week, accept, REQUIRED);
      const old = createTenantAggregators(SQL_QUERIES, week, accept);
      for (const record of records) old.add(record);
      const finished = old.finish(REQUIRED);
      expect([...tenants.byTenant.keys()].sort()).toEqual([...finished.keys()].sort());
      expect(new Map([...tenants.rejected].sort())).toEqual(new Map([...old.rejected].sort()));
      for (const [tenant, results] of tenants.byTenant) {
        const expected = finished.get(tenant)?.tables ?? [];
        expect(results.map((r) => ({ tenant, id: r.query.id, table: r.table, records: r.records }))).toEqual(
          expected.map((r) => ({ tenant, id: r.query.id, table: r.table, records: r.records })),
        );
      }
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('the SQL engine computes what the aggregators computed', () => {
  it('on the demo week', async () => {
    const records = generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000');
    expect(records.length).toBeGreaterThan(1000);
    await expectSameTables(records);
  }, 60_000);

  it('on generated hostile weeks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(modelEvent, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        async (events, tie) => {
          const records = events.map((e, i) =>
            // Some weeks put every record at the same millisecond, so the tie-break order is compared too.
            toAuditRecord(
              e,
              `prop-${i}`,
              tie
                ? week.from + 1
                : week.from + Math.floor(((i + 0.5) / events.length) * (week.to - week.from)),
            ),
          );
          await expectSameTables(records);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
