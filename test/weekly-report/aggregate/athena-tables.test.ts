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
import { compileTrinoQuery } from '../../../functions/core/sql/trino/compile-trino-query.js';
import { generateDemoWeek } from '../../../functions/local/descope-api/demo-audit-data.js';
import { computeAthenaTable } from '../../../functions/weekly-report/aggregate/athena-tables.js';
import { sinkColumns, sinkFor } from '../../../functions/weekly-report/aggregate/sql-aggregation.js';
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
  athena.restore();
  await both.close();
  await rm(directory, { recursive: true, force: true });
});

/** Athena's answer: every cell as text (NULL as no value), a header row first, pages of `size` rows. */
function serveAsAthena(rows: Array<Array<[string, unknown]>>, columns: string[], size: number) {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 4096 } },
  });
  const info = columns.map((Name, i) => ({
    Name,
    Type: rows.some((r) => typeof r[i]?.[1] === 'number') ? 'bigint' : 'varchar',
  }));
  const text = (v: unknown) => (v === null || v === undefined ? {} : { VarCharValue: String(v) });
  const all = [columns.map((c) => ({ VarCharValue: c })), ...rows.map((r) => r.map(([, v]) => text(v)))].map(
    (Data) => ({ Data }),
  );
  // One answer for every page (a matcher per page would be searched on every request).
  athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId?: string; NextToken?: string }) => {
    if (input.QueryExecutionId !== 'q-7') throw new Error(`unknown execution ${input.QueryExecutionId}`);
    const page = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1));
    const start = page * size;
    return {
      ResultSet: { ResultSetMetadata: { ColumnInfo: info }, Rows: all.slice(start, start + size) },
      NextToken: start + size < all.length ? `p${page + 1}` : undefined,
    };
  });
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
      const expected = await both.duckdbTable(query, week, {
        directory: join(directory, 'duckdb'),
      });
      if (!expected?.csv) throw new Error('the DuckDB path writes a CSV');

      const trino = compileTrinoQuery(
        query,
        week,
        { tenant: false },
        { records: TRINO_TEST_RECORDS, tenants: [] },
      );
      const rows = await both.trino(query, week, { tenant: false });
      expect(rows.length).toBeGreaterThan(0);
      // Pages of 7 rows, or some twenty pages of a long table (data-exports: 3,000 rows).
      serveAsAthena(rows, expected.table.columns, Math.max(7, Math.ceil(rows.length / 20)));
      const runner = createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
        workGroup: 'wg',
        database: 'db',
        bytesScannedCutoff: 1e9,
        sleep: async () => {},
      });
      const output = { directory: join(directory, 'athena') };
      const { sunk, execution } = await computeAthenaTable(
        runner,
        both.database,
        trino,
        `t-${id}`,
        (columns) => sinkFor(query, sinkColumns(query, columns), output, ''),
      );
      expect(execution).toEqual({ executionId: 'q-7', bytesScanned: 4096 });
      expect(await readFile(sunk.csv?.path ?? '')).toEqual(await readFile(expected.csv.path));
      expect(sunk.csv?.sha256).toBe(expected.csv.sha256);
      expect(sunk.table).toEqual(expected.table);
      // A custom statement's records are its collection's, not its rows: counted elsewhere alike.
      if (query.aggregation.kind !== 'sql') expect(sunk.counted).toBe(expected.records);
    },
    60_000,
  );
});
