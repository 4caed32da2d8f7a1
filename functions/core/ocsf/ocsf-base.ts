import type { AuditRecord } from '../records/audit-record.js';
import { OCSF_CLASSES, OCSF_VERSION, type OcsfClass } from './ocsf-classes.js';

/** The product every event names in `metadata.product`. */
export const OCSF_PRODUCT = { name: 'Descope audit compliance reporter', vendor_name: 'Descope' };

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The attributes every event of `cls` carries: class, category, activity, type, time, metadata. */
export function baseEvent(
  cls: OcsfClass,
  activityId: number,
  time: number,
  metadata: { uid?: string; logName: string; tenants?: string[] },
): Record<string, unknown> {
  const c = OCSF_CLASSES[cls];
  return {
    class_uid: c.uid,
    class_name: c.name,
    category_uid: c.category,
    activity_id: activityId,
    type_uid: c.uid * 100 + activityId,
    severity_id: 1,
    time,
    metadata: {
      version: OCSF_VERSION,
      product: OCSF_PRODUCT,
      uid: metadata.uid,
      log_name: metadata.logName,
      tenant_uid: metadata.tenants?.length === 1 ? metadata.tenants[0] : undefined,
    },
  };
}

/** The record's user: its ID and first login ID (an empty record names no user, and fails the schema). */
export const userOf = (r: AuditRecord) => ({
  uid: text(r.userId),
  name: text(r.loginIds[0]),
  email_addr: r.loginIds.find((l) => /^[^@\s]+@[^@\s]+$/.test(l)),
});

/**
 * Where the request came from: address and country. OCSF's endpoint needs an address (or a name),
 * so a country recorded without an address stays in `unmapped.geo` instead.
 */
export const sourceOf = (r: AuditRecord) =>
  text(r.remoteAddress)
    ? { ip: r.remoteAddress, location: text(r.geo) ? { country: r.geo } : undefined }
    : undefined;

/** Descope fields OCSF has no attribute for, kept as the record has them. */
export const unmappedOf = (r: AuditRecord) => ({
  action: r.action,
  method: r.method,
  device: r.device,
  tenants: r.tenants,
  type: r.type,
  geo: text(r.remoteAddress) ? undefined : text(r.geo),
});

/** A copy without `undefined` values, at every depth (NDJSON writes them as absent anyway). */
export function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export { text };
