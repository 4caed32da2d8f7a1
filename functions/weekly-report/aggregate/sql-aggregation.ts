import { join } from 'node:path';
import { z } from 'zod';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { AddressTotals } from '../../core/findings/address-totals.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { QueryTable, ReportGap, TableFile } from '../../core/report/report-model.js';
import { rowsHeld } from '../../core/report/rows-held.js';
import { compileQuery, compileRecordCount, isCustomSqlQuery } from '../../core/sql/compile-query.js';
import { CSV_LINE_COLUMN } from '../../core/sql/csv-line-sql.js';
import { TENANT_RELATION_SQL } from '../../core/sql/evidence-relation.js';
import { type CustomSqlEngine, runCustomSqlQuery } from './custom-sql-result.js';
import { readAddressTotals } from './read-address-totals.js';
import { type SinkColumns, TableSink } from './table-sink.js';
import { streamTenantTables } from './tenant-tables.js';

/** A query's table and the records it counted. */
export interface SqlResult {
  query: QueryDefinition;
  table: QueryTable;
  records: number;
  /** The statement that computed the table (absent in a tenant's results). */
  sql?: string;
  /** The whole table as CSV on local disk (when the run writes tables to files). */
  csv?: TableFile;
  addressTotals?: AddressTotals;
  /** What is missing besides the collection's gaps (a custom statement that failed). */
  gaps?: ReportGap[];
  /** Why a custom statement failed on the records. */
  sqlError?: string;
}

/**
 * How tables leave the engine. With `directory`, each table streams into its CSV file there
 * (`<id>.csv`, a tenant's under `tenants/<tenant>/`) and only the rows the report reads stay in
 * memory (see rows-held.ts); without it every row stays in memory (tests, small tables).
 */
export interface TableOutput {
  directory?: string;
  /** The address-spike rule's minimum: addresses below it are only counted. @default 0 */
  addressMinimum?: number;
}

const expands = (query: QueryDefinition) =>
  query.aggregation.kind === 'rows' && query.aggregation.expand !== undefined;

/** The columns a sink reads: the table's, its lines, and the count summed into its records (none for rows). */
export function sinkColumns(query: QueryDefinition, table: string[], line = CSV_LINE_COLUMN): SinkColumns {
  const spec = query.aggregation;
  const count = spec.kind === 'group' || spec.kind === 'series' ? spec.count : undefined;
  return { table, line, count };
}

/** A sink for a query's table; `folder` is '' for the project's, `tenants/<id>` for a tenant's. */
export function sinkFor(query: QueryDefinition, columns: SinkColumns, output: TableOutput, folder: string) {
  const keep = output.directory ? rowsHeld(query) : Number.POSITIVE_INFINITY;
  const path = output.directory ? join(output.directory, folder, `${query.id}.csv`) : undefined;
  return new TableSink(columns, keep, path);
}

/** A query's finished table; `records` when its rows do not count them (a role-change expansion). */
export const finished = async (query: QueryDefinition, sink: TableSink, records?: number) => {
  const { table, counted, csv } = await sink.finish();
  return { query, table, records: records ?? counted, csv };
};

/** The statement to run: with each row's CSV line when tables go to files (in memory, the rows are all held). */
const statementOf = (output: TableOutput, sql: string, linesSql = sql) => (output.directory ? linesSql : sql);

const countRow = z.object({ count: z.number().int().nonnegative() });
const tenantCountRow = z.object({ report_tenant: z.string(), count: z.number().int().nonnegative() });

/**
 * Each custom statement's table, in the order given, each run in its own sandbox over the
 * collection's closed evidence database (see custom-sql-result.ts); other queries are skipped.
 */
export async function runCustomSqlQueries(
  engine: CustomSqlEngine,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  output: TableOutput = {},
): Promise<SqlResult[]> {
  const results: SqlResult[] = [];
  for (const query of queries.filter(isCustomSqlQuery)) {
    const { sql } = compileQuery(query, period, { tenant: false });
    // Its columns are DuckDB's names for its result.
    const sink = (table: string[], line: string) =>
      sinkFor(query, sinkColumns(query, table, line), output, '');
    results.push(await runCustomSqlQuery(engine, query, sql, period, sink));
  }
  return results;
}

/** Each catalog query's table over the loaded records, in the order given (custom statements apart). */
export async function runSqlQueries(
  db: EvidenceDatabase,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  output: TableOutput = {},
): Promise<SqlResult[]> {
  const results: SqlResult[] = [];
  for (const query of queries) {
    const { sql, columns, linesSql } = compileQuery(query, period, { tenant: false });
    // A custom statement runs in its own sandbox once this database is closed.
    if (!columns || !linesSql) continue;
    const sink = sinkFor(query, sinkColumns(query, columns), output, '');
    for await (const chunk of (await db.streamTable(statementOf(output, sql, linesSql))).chunks)
      await sink.add(chunk);
    const [counted] = expands(query)
      ? await db.query(compileRecordCount(query, { tenant: false }), countRow)
      : [];
    const result = await finished(query, sink, counted?.count);
    const totals = await readAddressTotals(db, query, false, output.addressMinimum ?? 0);
    results.push({ ...result, sql, addressTotals: totals?.('') });
  }
  return results;
}

/**
 * The same queries for each reported tenant, one statement per query over `tenant_records`: a
 * record counts for every distinct tenant it names, seen with the other tenant IDs removed. The
 * tenants were chosen for the whole week before (tenant-census.ts); their IDs are bound as a
 * table, never written into SQL. Each gets its tables even without records. A statement's rows
 * come ordered by tenant, so each tenant's table streams into its own sink in turn.
 */
export async function runTenantSqlQueries(
  db: EvidenceDatabase,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  reported: readonly string[],
  output: TableOutput = {},
): Promise<Map<string, SqlResult[]>> {
  const tenants = new Set(reported);
  const [relation, view] = TENANT_RELATION_SQL;
  await db.query(relation, z.unknown(), [[...tenants]]);
  await db.execute(view);
  const byTenant = new Map<string, SqlResult[]>([...tenants].map((t) => [t, []]));
  // A statement written in SQL cannot be proven to keep to one tenant: project report only.
  for (const query of queries.filter((q) => !isCustomSqlQuery(q))) {
    const { sql, columns = [], linesSql } = compileQuery(query, period, { tenant: true });
    const counts = new Map<string, number>();
    if (expands(query))
      for (const row of await db.query(compileRecordCount(query, { tenant: true }), tenantCountRow))
        counts.set(row.report_tenant, row.count);
    const sink = (tenant: string) =>
      sinkFor(query, sinkColumns(query, columns.slice(1)), output, join('tenants', tenant));
    const finish = (tenant: string, done: TableSink) =>
      finished(query, done, expands(query) ? (counts.get(tenant) ?? 0) : undefined);
    const stream = await db.streamTable(statementOf(output, sql, linesSql));
    const tables = await streamTenantTables(stream, sink, finish);
    const totals = await readAddressTotals(db, query, true, output.addressMinimum ?? 0);
    for (const tenant of tenants) {
      // A tenant without rows gets its (empty) table, and its file, too.
      const result = tables.get(tenant) ?? (await finish(tenant, sink(tenant)));
      // No SQL in a tenant's report: its conditions may name other tenants, and its folder holds no evidence.
      byTenant.get(tenant)?.push({ ...result, addressTotals: totals?.(tenant) });
    }
  }
  return byTenant;
}
