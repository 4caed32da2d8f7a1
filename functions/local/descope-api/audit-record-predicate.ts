import type { AuditRecord, TimeWindow } from '../../core/records/audit-record.js';
import { safeStringify } from '../../core/records/json-writer.js';
import type { AuditRecordStore, Selection } from './audit-record-store.js';

/** The record filters of an audit search besides actions and time (wire spelling). */
export interface AuditRecordFilters {
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
 * Builds one predicate from the filters, or `undefined` when none is set (so the store can answer
 * from its indexes alone). Lists are OR within a field and AND across fields. `noTenants` widens a
 * tenant filter to records without any tenant, as Descope documents it. `text` is a case-insensitive
 * substring match over every field value, `data` included.
 */
export function buildAuditRecordPredicate(
  filters: AuditRecordFilters,
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

/** The actions an audit or analytics search asks for or leaves out. */
export interface ActionFilters {
  actions?: readonly string[] | null;
  excludedActions?: readonly string[] | null;
}

/** The records of `store` in `range` that an audit or analytics search's filters select. */
export function selectMatching(
  store: AuditRecordStore,
  request: AuditRecordFilters & ActionFilters,
  range: TimeWindow,
): Selection {
  const predicate = buildAuditRecordPredicate(request);
  return store.select({
    from: range.from,
    to: range.to,
    ...(request.actions ? { actions: new Set(request.actions) } : {}),
    ...(request.excludedActions ? { excludedActions: new Set(request.excludedActions) } : {}),
    ...(predicate ? { predicate } : {}),
  });
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
    safeStringify(record.data),
  ]
    .join('\n')
    .toLowerCase();
}
