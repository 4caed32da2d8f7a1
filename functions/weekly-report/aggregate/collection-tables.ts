import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import { runSqlQueries, runTenantSqlQueries, type SqlResult, type TableOutput } from './sql-aggregation.js';

/** One collection's tables: the project's and each reported tenant's. */
export interface CollectionTables {
  project: SqlResult[];
  byTenant: Map<string, SqlResult[]>;
}

/**
 * Every query of a collection over its loaded records, by DuckDB: the project's, then each reported
 * tenant's (`reportedTenants`, chosen for the week beforehand; absent: tenant reports are off).
 */
export async function computeCollectionTables(
  db: EvidenceDatabase,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  reportedTenants?: readonly string[],
  output: TableOutput = {},
): Promise<CollectionTables> {
  const project = await runSqlQueries(db, queries, period, output);
  const byTenant = reportedTenants
    ? await runTenantSqlQueries(db, queries, period, reportedTenants, output)
    : new Map<string, SqlResult[]>();
  return { project, byTenant };
}
