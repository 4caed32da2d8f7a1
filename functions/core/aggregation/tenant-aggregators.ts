import type { AuditRecord, TimeWindow } from '../audit-record.js';
import type { QueryDefinition } from '../query-definition.js';
import { isSafeTenantId } from '../tenant-id.js';
import type { Aggregator, QueryTable } from './aggregator.js';
import { createAggregator } from './create-aggregator.js';
import { scopeRecordToTenant } from './tenant-scope.js';

/** A tenant's finished tables for one collection's queries, in the queries' order. */
export interface TenantTables {
  tables: Array<{ query: QueryDefinition; table: QueryTable; records: number }>;
}

/** Tenant IDs longer than this are shortened where they are named (they are refused anyway). */
const SHOWN_ID_LENGTH = 80;

/**
 * The same queries, once per tenant, fed from the same single pass over a collection's records: a
 * record counts for every (distinct) tenant it names, so a tenant's report holds exactly the
 * records whose `tenants` include it, each seen with the other tenant IDs removed, and a role
 * change counts only in the tenant it was made in. Records without a tenant feed none. Tenant IDs that cannot be
 * a folder name are refused and counted; `accept` narrows the tenants (configuration).
 */
export function createTenantAggregators(
  queries: readonly QueryDefinition[],
  period: TimeWindow,
  accept: (tenantId: string) => boolean,
) {
  const byTenant = new Map<string, Aggregator[]>();
  const rejected = new Map<string, number>();
  const aggregatorsOf = (tenant: string) => {
    let aggregators = byTenant.get(tenant);
    if (!aggregators) {
      aggregators = queries.map((query) => createAggregator(query, period, tenant));
      byTenant.set(tenant, aggregators);
    }
    return aggregators;
  };
  return {
    add(record: AuditRecord): void {
      for (const tenant of new Set(record.tenants)) {
        if (!tenant) continue;
        if (!isSafeTenantId(tenant)) {
          const shown = tenant.length > SHOWN_ID_LENGTH ? `${tenant.slice(0, SHOWN_ID_LENGTH)}…` : tenant;
          rejected.set(shown, (rejected.get(shown) ?? 0) + 1);
          continue;
        }
        if (!accept(tenant)) continue;
        const scoped = scopeRecordToTenant(record, tenant);
        for (const aggregator of aggregatorsOf(tenant)) aggregator.add(scoped);
      }
    },
    /** Every tenant seen, plus `required` ones (configured) with empty tables if they had no records. */
    finish(required: Iterable<string> = []): Map<string, TenantTables> {
      for (const tenant of required) aggregatorsOf(tenant);
      const out = new Map<string, TenantTables>();
      for (const [tenant, aggregators] of byTenant) {
        out.set(tenant, {
          tables: aggregators.map((aggregator, i) => ({
            query: queries[i] as QueryDefinition,
            table: aggregator.finish(),
            records: aggregator.records,
          })),
        });
      }
      return out;
    },
    rejected,
  };
}
