import { join } from 'node:path';
import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { AddressTotals } from '../../core/findings/address-totals.js';
import { withCsvLines } from '../../core/sql/csv-line-sql.js';
import { REPORT_TENANT } from '../../core/sql/field-sql.js';
import { sqlIdentifier as id } from '../../core/sql/sql-literal.js';
import { cellKind, ORDER, STAGED, stage } from './athena-tables.js';
import { finished, type SqlResult, sinkColumns, sinkFor, type TableOutput } from './sql-aggregation.js';
import type { TableSink } from './table-sink.js';
import { streamTenantTables } from './tenant-tables.js';

/** What a query's tenants statement computed on Athena, and what it needs besides its table. */
export interface AthenaTenantStatement {
  query: QueryDefinition;
  /** The finished execution of the query's `tenants` table statement (`report_tenant` first). */
  executionId: string;
  /** An expansion's records per tenant (its `record-count` statement): its rows do not count them. */
  recordCounts?: ReadonlyMap<string, number>;
  /** The address totals of its `address-totals` statement, by tenant. */
  addressTotals?: (tenant: string) => AddressTotals;
}

/**
 * Each reported tenant's table from a tenants statement Athena finished, through the sinks
 * DuckDB's tenant tables go through (`tenants/<id>/<query>.csv`, byte-identical): the result is
 * staged in `db` in Athena's order, each row's CSV line computed by the same SQL, and the rows
 * streamed per `report_tenant` into that tenant's sink. A reported tenant without rows still gets
 * its (empty) table and file. A row naming a tenant that is not reported is an error, never a
 * file: no tenant's folder ever holds another's rows, and no unchecked ID becomes a path.
 */
export async function sinkAthenaTenantTables(
  runner: AthenaQueryRunner,
  db: EvidenceDatabase,
  statement: AthenaTenantStatement,
  reported: readonly string[],
  output: TableOutput,
): Promise<Map<string, SqlResult>> {
  const { query } = statement;
  const tenants = new Set(reported);
  const results = runner.results(statement.executionId);
  const columns = await results.columns();
  if (columns[0]?.name !== REPORT_TENANT)
    throw new Error(`Athena's result for ${query.id} does not name its tenant first`);
  await stage(db, columns, results.chunks);
  const table = columns.slice(1);
  const names = columns.map((c) => id(c.name)).join(', ');
  const ordered = `SELECT ${names} FROM ${STAGED} ORDER BY ${id(ORDER)}`;
  const lines = withCsvLines(
    ordered,
    table.map((c) => ({ name: c.name, kind: cellKind(c) })),
  );
  const sink = (tenant: string): TableSink => {
    if (!tenants.has(tenant))
      throw new Error(`Athena's result for ${query.id} holds rows of a tenant that is not reported`);
    return sinkFor(
      query,
      sinkColumns(
        query,
        table.map((c) => c.name),
      ),
      output,
      join('tenants', tenant),
    );
  };
  const finish = (tenant: string, done: TableSink) =>
    finished(query, done, statement.recordCounts ? (statement.recordCounts.get(tenant) ?? 0) : undefined);
  const tables = await streamTenantTables(await db.streamTable(lines), sink, finish);
  await db.execute(`DROP TABLE ${STAGED}`);
  const byTenant = new Map<string, SqlResult>();
  for (const tenant of tenants) {
    // A tenant without rows gets its (empty) table, and its file, too.
    const result = tables.get(tenant) ?? (await finish(tenant, sink(tenant)));
    byTenant.set(tenant, { ...result, addressTotals: statement.addressTotals?.(tenant) });
  }
  return byTenant;
}
