import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import { runSqlQueries, runTenantSqlQueries, type SqlResult, type TableOutput } from './sql-aggregation.js';

/** Which tenants get a report (see `TenantCollection` in aggregate-evidence.ts). */
export interface TenantSelection {
  accept: (tenantId: string) => boolean;
  required: readonly string[];
}

/** One collection's tables: the project's, each tenant's, and the tenant IDs refused. */
export interface CollectionTables {
  project: SqlResult[];
  byTenant: Map<string, SqlResult[]>;
  rejected: Map<string, number>;
}

/** Every query of a collection over its loaded records, by DuckDB: the project's, then each tenant's. */
export async function computeCollectionTables(
  db: EvidenceDatabase,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  tenants?: TenantSelection,
  output: TableOutput = {},
): Promise<CollectionTables> {
  const project = await runSqlQueries(db, queries, period, output);
  const perTenant = tenants
    ? await runTenantSqlQueries(db, queries, period, tenants.accept, tenants.required, output)
    : undefined;
  return {
    project,
    byTenant: perTenant?.byTenant ?? new Map<string, SqlResult[]>(),
    rejected: perTenant?.rejected ?? new Map<string, number>(),
  };
}
