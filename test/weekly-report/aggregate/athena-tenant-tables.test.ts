import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAthenaQueryRunner } from '../../../functions/adapters/athena-query-runner.js';
import type { QueryDefinition } from '../../../functions/core/catalog/query-definition.js';
import { planCollections } from '../../../functions/core/catalog/query-plan.js';
import { isSafeTenantId } from '../../../functions/core/catalog/tenant-id.js';
import { filterConditions } from '../../../functions/core/engine/athena-collections.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { auditFilterMatcher } from '../../../functions/core/records/audit-filter-match.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { collectionCensusTrino } from '../../../functions/core/sql/trino/tenant-census-trino.js';
import { trinoOnDuckDb } from '../../../functions/core/sql/trino/trino-on-duckdb.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import { addAthenaCensus } from '../../../functions/weekly-report/aggregate/athena-result-reads.js';
import { sinkAthenaTenantTables } from '../../../functions/weekly-report/aggregate/athena-tenant-tables.js';
import { runTenantSqlQueries } from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { openTenantCensus } from '../../../functions/weekly-report/aggregate/tenant-census.js';
import { hostileWeeks } from '../../core/sql/hostile-weeks.js';
import {
  type BothDialects,
  demoCatalogQueries,
  openBothDialects,
  TRINO_TEST_RECORDS,
} from '../../core/sql/trino/both-dialects.js';

const week = parseIsoWeek('2026-W47');
const athena = mockClient(AthenaClient);
/** A reported tenant without a record this week (it has recipients, say). */
const QUIET = 'T-quiet-tenant';
let both: BothDialects;
let queries: QueryDefinition[];
let directory: string;
let reported: string[];
let records: AuditRecord[];

beforeAll(async () => {
  queries = await demoCatalogQueries();
  // The demo week's tenants and generated hostile ones (formula text, odd JSON, many per record).
  records = [
    ...generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000'),
    ...hostileWeeks(week, 3).flat(),
  ];
  both = await openBothDialects(records);
  // As the census chooses: tenant IDs that can be folder names, and one without records.
  reported = [...both.tenants.filter(isSafeTenantId), QUIET].sort();
  directory = await mkdtemp(join(tmpdir(), 'athena-tenant-tables-'));
}, 60_000);
afterAll(async () => {
  athena.restore();
  await both.close();
  await rm(directory, { recursive: true, force: true });
});

/** Athena's answer to the tenants statement: every cell as text, the header row first, pages of 50 rows. */
const runnerOf = () =>
  createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
    workGroup: 'wg',
    database: 'db',
    bytesScannedCutoff: 1e9,
    sleep: async () => {},
  });

function serveAsAthena(rows: Array<Array<[string, unknown]>>, columns: string[]) {
  athena.reset();
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 4096 } },
  });
  const info = columns.map((Name, i) => ({
    Name,
    Type: rows.some((r) => typeof r[i]?.[1] === 'number') ? 'bigint' : 'varchar',
  }));
  const text = (v: unknown) => (v === null || v === undefined ? {} : { VarCharValue: String(v) });
  const all = [columns.map((c) => ({ VarCharValue: c })), ...rows.map((r) => r.map(([, v]) => text(v)))];
  athena.on(GetQueryResultsCommand).callsFake((input: { NextToken?: string }) => {
    const start = Number(input.NextToken ?? 0);
    return {
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: info },
        Rows: all.slice(start, start + 50).map((Data) => ({ Data })),
      },
      NextToken: start + 50 < all.length ? String(start + 50) : undefined,
    };
  });
}

describe('a tenants statement Athena computed goes into each tenant’s own table', () => {
  it.each(['failed-logins-by-ip', 'failed-logins-per-day', 'data-exports', 'lockouts'])(
    '%s: every reported tenant’s CSV has the DuckDB path’s bytes, an empty one for a quiet tenant',
    async (queryId) => {
      const query = queries.find((q) => q.id === queryId) as QueryDefinition;
      const duckdb = await runTenantSqlQueries(both.duckDatabase, [query], week, reported, {
        directory: join(directory, 'duckdb'),
      });
      const rows = await both.trino(query, week, { tenant: true }, reported);
      expect(new Set(rows.map((r) => r[0]?.[1])).size).toBeGreaterThan(1);
      serveAsAthena(rows, ['report_tenant', ...(duckdb.get(QUIET)?.[0]?.table.columns ?? [])]);
      const runner = createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
        workGroup: 'wg',
        database: 'db',
        bytesScannedCutoff: 1e9,
        sleep: async () => {},
      });
      const onAthena = await sinkAthenaTenantTables(
        runner,
        both.database,
        { query, executionId: 'q-tenants' },
        reported,
        { directory: join(directory, 'athena') },
      );
      expect([...onAthena.keys()].sort()).toEqual(reported);
      for (const tenant of reported) {
        const expected = duckdb.get(tenant)?.[0];
        const got = onAthena.get(tenant);
        const file = (engine: string) =>
          readFile(join(directory, engine, 'tenants', tenant, `${queryId}.csv`), 'utf8');
        expect({ tenant, csv: await file('athena') }).toEqual({ tenant, csv: await file('duckdb') });
        expect({ tenant, table: got?.table, records: got?.records }).toEqual({
          tenant,
          table: expected?.table,
          records: expected?.records,
        });
        // A tenant's rows name that tenant alone.
        const at = got?.table.columns.indexOf('tenants') ?? -1;
        if (at >= 0) for (const row of got?.table.rows ?? []) expect(row[at]).toBe(tenant);
      }
      // The quiet tenant has its table (a series: every day, at zero) and counts no record.
      expect(onAthena.get(QUIET)?.records).toBe(0);
    },
    60_000,
  );

  it('refuses a row of a tenant that is not reported: no file for it', async () => {
    const query = queries.find((q) => q.id === 'lockouts') as QueryDefinition;
    const rows = await both.trino(query, week, { tenant: true }, reported);
    const columns = rows[0]?.map(([name]) => name) ?? [];
    serveAsAthena(rows, columns);
    const runner = createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
      workGroup: 'wg',
      database: 'db',
      bytesScannedCutoff: 1e9,
      sleep: async () => {},
    });
    const fewer = reported.filter((t) => t !== rows[0]?.[0]?.[1]);
    await expect(
      sinkAthenaTenantTables(runner, both.database, { query, executionId: 'q-x' }, fewer, {
        directory: join(directory, 'refused'),
      }),
    ).rejects.toThrow(/a tenant that is not reported/);
  });

  it('the week’s census, with Athena’s collections counted there, chooses what DuckDB alone chooses', async () => {
    const plans = planCollections(queries).filter((p) => p.lookbackDays === undefined);
    const athenaCollections = new Set(
      plans
        .filter((p) => filterConditions(p.filter).ok)
        .filter((_, i) => i % 2 === 0)
        .map((p) => p.id),
    );
    expect(athenaCollections.size).toBeGreaterThan(2);
    const onlyDuckDb = await openTenantCensus(join(directory, 'census-duckdb'));
    const mixed = await openTenantCensus(join(directory, 'census-mixed'));
    try {
      for (const plan of plans) {
        // DuckDB counts the collection's evidence: what its search collected.
        const collected = await openBothDialects(records.filter(auditFilterMatcher(plan.filter)));
        try {
          await onlyDuckDb.add(collected.duckDatabase);
          if (!athenaCollections.has(plan.id)) await mixed.add(collected.duckDatabase);
        } finally {
          await collected.close();
        }
        if (!athenaCollections.has(plan.id)) continue;
        const filter = filterConditions(plan.filter);
        if (!filter.ok) throw new Error(filter.reason);
        // Athena counts the whole stream through the collection's filter.
        const sql = collectionCensusTrino(filter.where, { records: TRINO_TEST_RECORDS, tenants: [] });
        const rows = (await both.database.query(trinoOnDuckDb(sql), z.record(z.string(), z.unknown()))).map(
          (row) => Object.entries(row),
        );
        serveAsAthena(rows, ['tenant', 'records']);
        await addAthenaCensus(runnerOf(), 'q-census', mixed.addCounts);
      }
      const choice = { recipients: [reported[1] as string], maxReports: 3 };
      const expected = await onlyDuckDb.choose(choice);
      expect(expected.notReported.tenants).toBeGreaterThan(0);
      expect(expected.rejected.size).toBeGreaterThan(0);
      expect(await mixed.choose(choice)).toEqual(expected);
    } finally {
      onlyDuckDb.close();
      mixed.close();
    }
  }, 60_000);
});
