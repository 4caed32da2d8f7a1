import type { QueryDefinition, RecordCondition } from './query-definition.js';

/** How a tenant's files write a tenant ID other than their own (configuration may name several). */
export const ANOTHER_TENANT = '(another tenant)';

/**
 * A query as a tenant's report states it (`summary.json` lists each query's filter and conditions):
 * other tenant IDs in its `tenants` filter or in a condition on `tenants` read `(another tenant)`, so
 * a catalog naming several tenants does not name the others in this tenant's files.
 */
export function scopeQueryToTenant(query: QueryDefinition, tenant: string): QueryDefinition {
  const own = (ids: string[] | undefined) =>
    ids && [...new Set(ids.map((id) => (id === tenant ? id : ANOTHER_TENANT)))];
  const namesTenants = query.filter.tenants !== undefined || query.where.some((c) => c.field === 'tenants');
  if (!namesTenants) return query;
  const tenants = own(query.filter.tenants);
  return {
    ...query,
    filter: { ...query.filter, ...(tenants ? { tenants } : {}) },
    where: query.where.map((condition) => {
      if (condition.field !== 'tenants') return condition;
      const narrowed: RecordCondition = { field: condition.field };
      const values = own(condition.in);
      const excluded = own(condition.notIn);
      if (values) narrowed.in = values;
      if (excluded) narrowed.notIn = excluded;
      return narrowed;
    }),
  };
}
