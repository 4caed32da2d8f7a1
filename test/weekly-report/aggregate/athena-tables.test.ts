import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAthenaQueryRunner } from '../../../functions/adapters/athena-query-runner.js';
import type { QueryDefinition } from '../../../functions/core/catalog/query-definition.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { compileQuery } from '../../../functions/core/sql/compile-query.js';
import { compileTrinoQuery } from '../../../functions/core/sql/trino/compile-trino-query.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import { computeAthenaTable } from '../../../functions/weekly-report/aggregate/athena-tables.js';
import { TableSink } from '../../../functions/weekly-report/aggregate/table-sink.js';
import {
  type BothDialects,
  demoCatalogQueries,
  openBothDialects,
  TRINO_TEST_RECORDS,
} from '../../core/sql/trino/both-dialects.js';

const week = parseIsoWeek('2026-W47');
const athena = mockClient(AthenaClient);
let both: BothDialects;
let queries: QueryDefinition[];
let directory: string;

beforeAll(async () => {
  queries = await demoCatalogQueries();
  both = await openBothDialects(generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000'));
  directory = await mkdtemp(join(tmpdir(), 'athena-tables-'));
}, 60_000);
afterAll(async () => {
  await both.close();
  await rm(directory, { recursive: true, force: true });
});

/** Athena's answer for rows: every cell as text, a header row first, pages of `size` rows. */
function serveAsAthena(columns: string[], rows: unknown[][], size: number) {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 4096 } },
  });
  const info = columns.map((Name, i) => ({
    Name,
    Type: typeof rows[0]?.[i] === 'number' ? 'bigint' : 'varchar',
  }));
  const all = [columns, ...rows].map((r) => ({ Data: r.map((v) => ({ VarCharValue: String(v) })) }));
  for (let start = 0, page = 0; start < all.length || page === 0; start += size, page += 1) {
    const next = start + size < all.length ? `page-${page + 1}` : undefined;
    athena
      .on(GetQueryResultsCommand, {
        QueryExecutionId: 'q-7',
        NextToken: page === 0 ? undefined : `page-${page}`,
      })
      .resolves({
        ResultSet: { ResultSetMetadata: { ColumnInfo: info }, Rows: all.slice(start, start + size) },
        NextToken: next,
      });
  }
}

describe('a table Athena computed goes through the same sink', () => {
  it.each([
    'failed-logins-by-ip',
    'failed-logins-per-day',
    'lockouts',
    'access-keys',
    'data-exports',
    'failed-logins-by-hour',
  ])(
    '%s: the CSV has the DuckDB path’s bytes',
    async (id) => {
      const query = queries.find((q) => q.id === id);
      if (!query) throw new Error(`${id} is in the demo catalog`);
      const duck = compileQuery(query, week, { tenant: false });
      const duckRows = await both.duckdb(query, week, { tenant: false });
      // The custom statement's columns are its own (DuckDB names them from the SELECT).
      const columns = duck.columns ?? ['hour_utc', 'failed_logins', 'addresses'];
      const expectedSink = new TableSink(columns, 25, undefined, join(directory, `${id}-duckdb.csv`));
      await expectedSink.add(duckRows as Array<Array<string | number>>);
      const expected = await expectedSink.finish();

      const trino = compileTrinoQuery(
        query,
        week,
        { tenant: false },
        { records: TRINO_TEST_RECORDS, tenants: [] },
      );
      const trinoRows = await both.trino(query, week, { tenant: false });
      serveAsAthena(trino.columns ?? columns, trinoRows, 7);
      const runner = createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
        workGroup: 'wg',
        database: 'db',
        bytesScannedCutoff: 1e9,
        sleep: async () => {},
      });
      const { sunk, execution } = await computeAthenaTable(
        runner,
        trino,
        `t-${id}`,
        (c) => new TableSink(c, 25, undefined, join(directory, `${id}-athena.csv`)),
      );
      expect(execution).toEqual({ executionId: 'q-7', bytesScanned: 4096 });
      expect(duckRows.length).toBeGreaterThan(0);
      expect(sunk.csv?.sha256).toBe(expected.csv?.sha256);
      expect(await readFile(join(directory, `${id}-athena.csv`))).toEqual(
        await readFile(join(directory, `${id}-duckdb.csv`)),
      );
      expect(sunk.table).toEqual(expected.table);
    },
    60_000,
  );
});
