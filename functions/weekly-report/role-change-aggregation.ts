import { createAggregator } from '../core/aggregation/create-aggregator.js';
import { createTenantAggregators } from '../core/aggregation/tenant-aggregators.js';
import type { AuditRecord, TimeWindow } from '../core/audit-record.js';
import type { QueryDefinition } from '../core/query-definition.js';
import type { SqlResult } from './sql-aggregation.js';

/**
 * The role-change expansions (`roleGrants`, `roleRevocations`, `roleChangesNotUnderstood`), read
 * in code: their value shapes (and the description of shapes not understood) do not fit one SQL
 * statement. One pass over the (small) role-change evidence; `tenants` are the tenants the SQL
 * pass gives a report, so both agree on who gets one.
 */
export async function aggregateRoleChanges(
  records: AsyncIterable<AuditRecord> | Iterable<AuditRecord>,
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  tenants: readonly string[] | undefined,
): Promise<{ project: SqlResult[]; byTenant: Map<string, SqlResult[]> }> {
  const aggregators = queries.map((query) => ({ query, aggregator: createAggregator(query, period) }));
  const reported = new Set(tenants ?? []);
  const perTenant = tenants ? createTenantAggregators(queries, period, (t) => reported.has(t)) : undefined;
  for await (const record of records) {
    for (const { aggregator } of aggregators) aggregator.add(record);
    perTenant?.add(record);
  }
  const byTenant = new Map<string, SqlResult[]>();
  for (const [tenant, { tables }] of perTenant?.finish(tenants) ?? []) byTenant.set(tenant, tables);
  return {
    project: aggregators.map(({ query, aggregator }) => ({
      query,
      table: aggregator.finish(),
      records: aggregator.records,
    })),
    byTenant,
  };
}
