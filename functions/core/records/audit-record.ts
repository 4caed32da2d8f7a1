/**
 * One Descope audit record, normalised from the management audit search answer.
 * `occurred` is epoch milliseconds. Every string here is attacker-controlled data.
 */
export interface AuditRecord {
  /** Descope's record ID when the API returns one; not reliable across SDKs. */
  id?: string;
  projectId: string;
  userId: string;
  action: string;
  occurred: number;
  device: string;
  method: string;
  geo: string;
  remoteAddress: string;
  loginIds: string[];
  tenants: string[];
  data: Record<string, unknown>;
  type: string;
  actorId: string;
}

/** Server-side filter of an audit search (the Descope search fields, SDK spelling). */
export interface AuditFilter {
  actions?: string[];
  excludedActions?: string[];
  userIds?: string[];
  loginIds?: string[];
  actorIds?: string[];
  devices?: string[];
  methods?: string[];
  geos?: string[];
  remoteAddresses?: string[];
  tenants?: string[];
  noTenants?: boolean;
  text?: string;
}

/** A half-open time window `[from, to)` in epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * A record's fields other than its action and time, all empty: the base of a record of which only
 * a few fields are known (the stand-in's demo data, the doctor's sampled records).
 */
export function emptyRecordFields(): Omit<AuditRecord, 'id' | 'action' | 'occurred'> {
  return {
    projectId: '',
    userId: '',
    device: '',
    method: '',
    geo: '',
    remoteAddress: '',
    loginIds: [],
    tenants: [],
    data: {},
    type: '',
    actorId: '',
  };
}
