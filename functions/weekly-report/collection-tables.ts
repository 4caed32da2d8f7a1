import type { EvidenceDatabase } from '../adapters/duckdb-query-engine.js';
import type { AuditRecord, TimeWindow } from '../core/audit-record.js';
import type { QueryDefinition } from '../core/query-definition.js';
import { isSqlQuery } from '../core/sql/compile-query.js';
import { aggregateRoleChanges } from './role-change-aggregation.js';
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

/**
 * Every query of a collection over its loaded records: SQL queries by DuckDB; role-change
 * expansions from `records()` (read only when the collection has one), for the same tenants.
 */
export async function computeCollectionTables(
  db: EvidenceDatabase,
  records: () => AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  tenants?: TenantSelection,
  output: TableOutput = {},
): Promise<CollectionTables> {
  const sqlQueries = queries.filter(isSqlQuery);
  const codeQueries = queries.filter((q) => !isSqlQuery(q));
  const project = await runSqlQueries(db, sqlQueries, period, output);
  const perTenant = tenants
    ? await runTenantSqlQueries(db, sqlQueries, period, tenants.accept, tenants.required, output)
    : undefined;
  const coded =
    codeQueries.length > 0
      ? await aggregateRoleChanges(
          records(),
          codeQueries,
          period,
          perTenant ? [...perTenant.byTenant.keys()] : undefined,
        )
      : undefined;
  const byTenant = new Map<string, SqlResult[]>();
  for (const [tenant, results] of perTenant?.byTenant ?? []) {
    byTenant.set(tenant, [...results, ...(coded?.byTenant.get(tenant) ?? [])]);
  }
  return {
    project: [...project, ...(coded?.project ?? [])],
    byTenant,
    rejected: perTenant?.rejected ?? new Map<string, number>(),
  };
}
