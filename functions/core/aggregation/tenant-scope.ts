import type { AuditRecord } from '../audit-record.js';
import type { QueryDefinition, RecordCondition } from '../query-definition.js';
import { ROLE_CHANGE_KEYS } from '../role-change-shapes/role-change-keys.js';

const ROLE_KEYS: readonly string[] = Object.values(ROLE_CHANGE_KEYS).flatMap((k) => [k.project, k.tenant]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A role-change value with the entries naming another tenant left out (other shapes unchanged). */
function keepTenant(value: unknown, tenant: string): unknown {
  // An entry without a tenant ID takes the record's tenant, as the role-change reader does.
  const mine = (entry: unknown) =>
    !isObject(entry) ||
    typeof entry.tenantId !== 'string' ||
    entry.tenantId === '' ||
    entry.tenantId === tenant;
  if (Array.isArray(value)) return value.filter(mine);
  if (!isObject(value)) return value;
  if (Object.hasOwn(value, 'tenantId')) return mine(value) ? value : [];
  const kept: Record<string, unknown> = {};
  if (Object.hasOwn(value, tenant))
    Object.defineProperty(kept, tenant, { value: value[tenant], enumerable: true });
  return kept;
}

function scopeChange(change: Record<string, unknown>, tenant: string): Record<string, unknown> {
  if (!ROLE_KEYS.some((key) => Object.hasOwn(change, key))) return change;
  const scoped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    // defineProperty, not assignment: a `__proto__` key stays a key.
    const kept = ROLE_KEYS.includes(key) ? keepTenant(value, tenant) : value;
    Object.defineProperty(scoped, key, { value: kept, enumerable: true, writable: true });
  }
  return scoped;
}

/**
 * The record as a tenant's report sees it: its `tenants` reduced to that tenant (an event naming
 * several tenants appears in each report with the other tenant IDs removed), and role changes
 * explicitly in another tenant removed from its change details. The evidence keeps the record whole.
 */
export function scopeRecordToTenant(record: AuditRecord, tenant: string): AuditRecord {
  const { data } = record;
  let scopedData = data;
  if (isObject(data.Change) || Array.isArray(data.users)) {
    scopedData = { ...data };
    if (isObject(data.Change)) scopedData.Change = scopeChange(data.Change, tenant);
    if (Array.isArray(data.users)) {
      scopedData.users = data.users.map((user) =>
        isObject(user) && isObject(user.Change)
          ? { ...user, Change: scopeChange(user.Change, tenant) }
          : user,
      );
    }
  }
  return { ...record, tenants: [tenant], data: scopedData };
}

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
