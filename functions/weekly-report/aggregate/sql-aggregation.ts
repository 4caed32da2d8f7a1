import { join } from 'node:path';
import type { EvidenceDatabase, SqlRows } from '../../adapters/duckdb-query-engine.js';
import { FINDING_QUERIES } from '../../core/catalog/builtin-queries.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { AddressTotals } from '../../core/findings/address-totals.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { QueryTable, ReportGap, TableFile } from '../../core/report/report-model.js';
import { rowsHeld } from '../../core/report/rows-held.js';
import { addressTotalsSql } from '../../core/sql/address-totals-sql.js';
import { compileQuery, compileRecordCount, isCustomSqlQuery } from '../../core/sql/compile-query.js';
import { TENANT_RELATION_SQL } from '../../core/sql/evidence-relation.js';
import { type CustomSqlEngine, runCustomSqlQuery } from './custom-sql-result.js';
import { TableSink } from './table-sink.js';

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

/** The column summed into the records of a group or series (none for rows: one record a row). */
function countColumn(query: QueryDefinition, columns: readonly string[]): number | undefined {
  const spec = query.aggregation;
  return spec.kind === 'rows' || spec.kind === 'sql' ? undefined : columns.indexOf(spec.count);
}

function sinkFor(query: QueryDefinition, columns: string[], output: TableOutput, folder: string) {
  const keep = output.directory ? rowsHeld(query) : Number.POSITIVE_INFINITY;
  const path = output.directory ? join(output.directory, folder, `${query.id}.csv`) : undefined;
  return new TableSink(columns, keep, countColumn(query, columns), path);
}

const finished = async (query: QueryDefinition, sink: TableSink, records?: number) => {
  const { table, counted, csv } = await sink.finish();
  return { query, table, records: records ?? counted, ...(csv ? { csv } : {}) };
};

/**
 * Per-address totals of the by-address query (per tenant with `tenant`): a lookup by tenant ('' for
 * the project) that gives a scope without addresses empty totals; `undefined` for other queries.
 */
async function readAddressTotals(
  db: EvidenceDatabase,
  query: QueryDefinition,
  tenant: boolean,
  minimum: number,
): Promise<((key: string) => AddressTotals) | undefined> {
  if (query.id !== FINDING_QUERIES.failedByIp) return undefined;
  const sql = addressTotalsSql(query, tenant);
  if (!sql) return undefined;
  const totals = new Map<string, AddressTotals>();
  for (const row of await db.query(sql, [minimum])) {
    const [key, addresses, typical, address, n, geos] = tenant ? row : ['', ...row];
    const entry = totals.get(String(key)) ?? {
      addresses: Number(addresses),
      median: typical === '' ? 0 : Number(typical),
      heavy: [],
    };
    if (address !== '') {
      entry.heavy.push({
        address: String(address),
        count: Number(n),
        geos: (JSON.parse(String(geos || '[]')) as unknown[]).map(String),
      });
    }
    totals.set(String(key), entry);
  }
  return (key) => totals.get(key) ?? { addresses: 0, median: 0, heavy: [] };
}

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
    results.push(
      await runCustomSqlQuery(engine, query, sql, period, (named) => sinkFor(query, named, output, '')),
    );
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
    const { sql, columns } = compileQuery(query, period, { tenant: false });
    // A custom statement runs in its own sandbox once this database is closed.
    if (!columns) continue;
    const sink = sinkFor(query, columns, output, '');
    for await (const chunk of (await db.stream(sql)).chunks) await sink.add(chunk);
    const [counted] = expands(query) ? await db.query(compileRecordCount(query, { tenant: false })) : [];
    const result = await finished(query, sink, counted ? Number(counted[0]) : undefined);
    const totals = await readAddressTotals(db, query, false, output.addressMinimum ?? 0);
    const addressTotals = totals?.('');
    results.push({ ...result, sql, ...(addressTotals ? { addressTotals } : {}) });
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
  await db.query(relation, [[...tenants]]);
  await db.execute(view);
  const byTenant = new Map<string, SqlResult[]>([...tenants].map((t) => [t, []]));
  // A statement written in SQL cannot be proven to keep to one tenant: project report only.
  for (const query of queries.filter((q) => !isCustomSqlQuery(q))) {
    const { sql, columns = [] } = compileQuery(query, period, { tenant: true });
    const tables = new Map<string, Awaited<ReturnType<typeof finished>>>();
    const counts = new Map<string, number>();
    if (expands(query))
      for (const [tenant, n] of await db.query(compileRecordCount(query, { tenant: true })))
        counts.set(String(tenant), Number(n));
    const finish = async (tenant: string, sink: TableSink) =>
      tables.set(tenant, await finished(query, sink, expands(query) ? (counts.get(tenant) ?? 0) : undefined));
    // Rows come ordered by tenant: one tenant's file is open at a time.
    let current: { tenant: string; sink: TableSink } | undefined;
    for await (const chunk of (await db.stream(sql)).chunks) {
      for (const [tenant, rows] of byTenantRuns(chunk)) {
        if (current?.tenant !== tenant) {
          if (current) await finish(current.tenant, current.sink);
          if (tables.has(tenant))
            throw new Error(`${query.id}: the tenant statement is not ordered by tenant`);
          current = { tenant, sink: sinkFor(query, columns.slice(1), output, join('tenants', tenant)) };
        }
        await current.sink.add(rows);
      }
    }
    if (current) await finish(current.tenant, current.sink);
    const totals = await readAddressTotals(db, query, true, output.addressMinimum ?? 0);
    for (const tenant of tenants) {
      if (!tables.has(tenant))
        await finish(tenant, sinkFor(query, columns.slice(1), output, join('tenants', tenant)));
      const result = tables.get(tenant);
      if (!result) continue;
      // No SQL in a tenant's report: its conditions may name other tenants, and its folder holds no evidence.
      const addressTotals = totals?.(tenant);
      byTenant.get(tenant)?.push({ ...result, ...(addressTotals ? { addressTotals } : {}) });
    }
  }
  return byTenant;
}

/** A chunk of a tenant statement's rows (tenant first) as runs of one tenant, tenant column dropped. */
function* byTenantRuns(chunk: SqlRows): Iterable<[string, SqlRows]> {
  let start = 0;
  while (start < chunk.length) {
    const tenant = String(chunk[start]?.[0] ?? '');
    let end = start + 1;
    while (end < chunk.length && String(chunk[end]?.[0] ?? '') === tenant) end += 1;
    yield [tenant, chunk.slice(start, end).map((row) => row.slice(1))];
    start = end;
  }
}
