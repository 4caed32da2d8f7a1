import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  type EvidenceDatabase,
  openEvidenceDatabase,
} from '../../../../functions/adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../../../functions/core/catalog/query-definition.js';
import { validateReportCatalog } from '../../../../functions/core/catalog/report-catalog.js';
import type { AuditRecord, TimeWindow } from '../../../../functions/core/records/audit-record.js';
import { formatEvidenceLine } from '../../../../functions/core/records/evidence-line.js';
import { compileQuery, isCustomSqlQuery } from '../../../../functions/core/sql/compile-query.js';
import { TENANT_RELATION_SQL } from '../../../../functions/core/sql/evidence-relation.js';
import type { FieldScope } from '../../../../functions/core/sql/field-sql.js';
import { COLLECTION_TENANTS_SQL } from '../../../../functions/core/sql/tenant-census-sql.js';
import { compileTrinoQuery } from '../../../../functions/core/sql/trino/compile-trino-query.js';
import {
  TRINO_ON_DUCKDB_MACROS,
  trinoOnDuckDb,
} from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import {
  runSqlQueries,
  type SqlResult,
  type TableOutput,
} from '../../../../functions/weekly-report/aggregate/sql-aggregation.js';
import { computeTables } from '../../../support/compute-table.js';

/** The evidence as the Trino dialect reads it: `data` as JSON text, as the Glue table gives it. */
const EVIDENCE_TEXT =
  'CREATE VIEW evidence_text AS SELECT * REPLACE (CAST("data" AS VARCHAR) AS "data") FROM records';
export const TRINO_TEST_RECORDS = 'SELECT * FROM evidence_text';

/** The demo catalog's queries (its custom SQL among them). */
export async function demoCatalogQueries(): Promise<QueryDefinition[]> {
  const url = new URL('../../../../functions/local/demo-report-catalog.json', import.meta.url);
  const result = validateReportCatalog(JSON.parse(await readFile(url, 'utf8')));
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog.queries;
}

/** A row by column name, in the statement's column order. */
const ROW = z.record(z.string(), z.unknown());

/** Two databases over the same evidence parts: one runs the DuckDB dialect, one the Trino dialect. */
export interface BothDialects {
  tenants: string[];
  /** How many records the evidence holds. */
  records: number;
  /** The rows as [column, value] pairs, in order. */
  duckdb(
    query: QueryDefinition,
    period: TimeWindow,
    scope: FieldScope,
  ): Promise<Array<Array<[string, unknown]>>>;
  /** `reported`: the tenants a tenant statement reports on. @default every tenant of the evidence */
  trino(
    query: QueryDefinition,
    period: TimeWindow,
    scope: FieldScope,
    reported?: readonly string[],
  ): Promise<Array<Array<[string, unknown]>>>;
  /**
   * A project table as a run computes it on the DuckDB path, its CSV under `output.directory`: a
   * statement written in SQL in its own sandbox over the closed evidence database, others here.
   */
  duckdbTable(
    query: QueryDefinition,
    period: TimeWindow,
    output: TableOutput,
  ): Promise<SqlResult | undefined>;
  /**
   * Project tables as {@link duckdbTable} computes them, by query ID, all at once: the statements
   * written in SQL share one closed evidence database (each still in its own sandbox).
   */
  duckdbTables(
    queries: readonly QueryDefinition[],
    period: TimeWindow,
    output: TableOutput,
  ): Promise<Map<string, SqlResult>>;
  /** The database the DuckDB dialect runs in (tenant relation created). */
  duckDatabase: EvidenceDatabase;
  /** The database the Trino statements run in (an Athena result can be staged there). */
  database: EvidenceDatabase;
  close(): Promise<void>;
}

export async function openBothDialects(records: readonly AuditRecord[]): Promise<BothDialects> {
  const directory = await mkdtemp(join(tmpdir(), 'both-dialects-'));
  const half = Math.ceil(records.length / 2);
  const files = [join(directory, 'a.ndjson.gz'), join(directory, 'b.ndjson.gz')];
  await writeFile(files[0] as string, gzipSync(records.slice(0, half).map(formatEvidenceLine).join('')));
  await writeFile(files[1] as string, gzipSync(records.slice(half).map(formatEvidenceLine).join('')));
  const opened: EvidenceDatabase[] = [];
  try {
    const duck = await openEvidenceDatabase(files, join(directory, 'duckdb'), { threads: 1 });
    opened.push(duck);
    const trino = await openEvidenceDatabase(files, join(directory, 'trino'), { threads: 1 });
    opened.push(trino);
    for (const macro of TRINO_ON_DUCKDB_MACROS) await trino.execute(macro);
    await trino.execute(EVIDENCE_TEXT);
    const tenants = (await duck.query(COLLECTION_TENANTS_SQL, z.object({ tenant: z.string() })))
      .map((r) => r.tenant)
      .sort();
    // Every tenant of the evidence gets a report here, bound as the run binds the chosen ones.
    const [relation, view] = TENANT_RELATION_SQL;
    await duck.query(relation, z.unknown(), [tenants]);
    await duck.execute(view);
    return {
      tenants,
      records: records.length,
      duckdbTable: async (query, period, output) =>
        isCustomSqlQuery(query)
          ? (await computeTables([query], records, period, undefined, output)).project[0]
          : (await runSqlQueries(duck, [query], period, output))[0],
      duckdbTables: async (queries, period, output) => {
        const custom = queries.filter(isCustomSqlQuery);
        const results = [
          ...(await runSqlQueries(
            duck,
            queries.filter((q) => !isCustomSqlQuery(q)),
            period,
            output,
          )),
          ...(custom.length > 0
            ? (await computeTables(custom, records, period, undefined, output)).project
            : []),
        ];
        return new Map(results.map((r) => [r.query.id, r]));
      },
      database: trino,
      duckDatabase: duck,
      duckdb: async (query, period, scope) => {
        const { sql } = compileQuery(query, period, scope);
        return (await duck.query(sql, ROW)).map(Object.entries);
      },
      trino: async (query, period, scope, reported = tenants) => {
        const { sql } = compileTrinoQuery(query, period, scope, {
          records: TRINO_TEST_RECORDS,
          tenants: reported,
        });
        return (await trino.query(trinoOnDuckDb(sql), ROW)).map(Object.entries);
      },
      close: async () => {
        for (const db of opened) db.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const db of opened) db.close();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
