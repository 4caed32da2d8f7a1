import type { StoredRecord } from './audit-record-store.js';

/** One audit record exactly as Descope's search answers it (note `occurred` is a string). */
export interface WireAuditRecord {
  ID?: string;
  projectId: string;
  userId: string;
  action: string;
  occurred: string;
  device: string;
  method: string;
  geo: string;
  remoteAddress: string;
  externalIds: string[];
  tenants: string[];
  data: Record<string, unknown>;
  type: string;
  actorId: string;
}

/** Converts a stored record to the wire format (login IDs become `externalIds`); `withId: false` leaves `ID` out. */
export function toWireAuditRecord({ id, record }: StoredRecord, options = { withId: true }): WireAuditRecord {
  return {
    ...(options.withId ? { ID: id } : {}),
    projectId: record.projectId,
    userId: record.userId,
    action: record.action,
    occurred: String(record.occurred),
    device: record.device,
    method: record.method,
    geo: record.geo,
    remoteAddress: record.remoteAddress,
    externalIds: record.loginIds,
    tenants: record.tenants,
    data: record.data,
    type: record.type,
    actorId: record.actorId,
  };
}
