import type { AuditFilter, AuditRecord } from './audit-record.js';
import { safeStringify } from './json-writer.js';

/** The record filters of an audit search besides actions and time, wire spelling (`externalIds`). */
export interface RecordFilterFields {
  userIds?: readonly string[] | null;
  actorIds?: readonly string[] | null;
  externalIds?: readonly string[] | null;
  devices?: readonly string[] | null;
  methods?: readonly string[] | null;
  geos?: readonly string[] | null;
  remoteAddresses?: readonly string[] | null;
  tenants?: readonly string[] | null;
  noTenants?: boolean | null;
  text?: string | null;
}

const asSet = (values: readonly string[] | null | undefined): Set<string> | undefined =>
  values && values.length > 0 ? new Set(values) : undefined;

/**
 * The record filters of an audit search besides actions and time, as one predicate, or `undefined`
 * when none is set. Lists are OR within a field and AND across fields. `noTenants` widens a tenant
 * filter to records without any tenant, as Descope documents it. `text` is a case-insensitive
 * substring match over every field value, `data` included (Descope's exact rule is undocumented).
 * The Descope stand-in answers searches with it and the stream source selects each collection's
 * records with it, so both keep the same records.
 */
export function recordFilterPredicate(
  filters: RecordFilterFields,
): ((record: AuditRecord) => boolean) | undefined {
  const checks: Array<(record: AuditRecord) => boolean> = [];
  const single = (values: readonly string[] | null | undefined, field: (r: AuditRecord) => string) => {
    const set = asSet(values);
    if (set) checks.push((record) => set.has(field(record)));
  };
  single(filters.userIds, (r) => r.userId);
  single(filters.actorIds, (r) => r.actorId);
  single(filters.devices, (r) => r.device);
  single(filters.methods, (r) => r.method);
  single(filters.geos, (r) => r.geo);
  single(filters.remoteAddresses, (r) => r.remoteAddress);

  const loginIds = asSet(filters.externalIds);
  if (loginIds) checks.push((record) => record.loginIds.some((id) => loginIds.has(id)));

  const tenants = asSet(filters.tenants);
  if (tenants) {
    const orNone = filters.noTenants === true;
    checks.push(
      (record) => record.tenants.some((t) => tenants.has(t)) || (orNone && record.tenants.length === 0),
    );
  }

  const text = filters.text?.trim().toLowerCase();
  if (text) checks.push((record) => searchableText(record).includes(text));

  if (checks.length === 0) return undefined;
  return (record) => checks.every((check) => check(record));
}

/** Whether `record` is one an audit search with `filter` (SDK spelling) returns, time aside. */
export function auditFilterMatcher(filter: AuditFilter): (record: AuditRecord) => boolean {
  const actions = asSet(filter.actions);
  const excluded = asSet(filter.excludedActions);
  const rest = recordFilterPredicate({ ...filter, externalIds: filter.loginIds });
  return (record) =>
    (!actions || actions.has(record.action)) &&
    !excluded?.has(record.action) &&
    (rest === undefined || rest(record));
}

function searchableText(record: AuditRecord): string {
  return [
    record.id ?? '',
    record.userId,
    record.action,
    record.device,
    record.method,
    record.geo,
    record.remoteAddress,
    record.type,
    record.actorId,
    ...record.loginIds,
    ...record.tenants,
    // Audit data may nest 10,000 levels: no recursive stringify over it.
    safeStringify(record.data),
  ]
    .join('\n')
    .toLowerCase();
}
