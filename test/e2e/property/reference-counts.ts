import type { ModelEvent } from './audit-week.js';

const SAFE_TENANT = /^[A-Za-z0-9_-]{1,128}$/;
const SHOWN = 80;

/** What the report must say, counted from the model events without any of the report's code. */
export interface ReferenceCounts {
  failedByGeo: Map<string, number>;
  failed: number;
  lockouts: number;
  impersonations: number;
  grants: number;
  scimFailures: number;
  /** Safe tenant ID → failed logins and tenant grants naming it. */
  tenants: Map<string, { failed: number; grants: number }>;
  /** Refused tenant IDs (as shown) → collected records naming them. */
  rejected: Map<string, number>;
  /** Safe tenant IDs named by any event. */
  namedTenants: Set<string>;
  /** Safe tenant IDs named by an event a query reads: each gets a report. */
  collectedTenants: Set<string>;
}

const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export function referenceCounts(events: readonly ModelEvent[]): ReferenceCounts {
  const counts: ReferenceCounts = {
    failedByGeo: new Map(),
    failed: 0,
    lockouts: 0,
    impersonations: 0,
    grants: 0,
    scimFailures: 0,
    tenants: new Map(),
    rejected: new Map(),
    namedTenants: new Set(),
    collectedTenants: new Set(),
  };
  for (const event of events) {
    const named = [...new Set(event.fields.tenants)].filter((t) => t !== '');
    for (const tenant of named) if (SAFE_TENANT.test(tenant)) counts.namedTenants.add(tenant);
    if (event.kind === 'custom') continue;
    for (const tenant of named) if (SAFE_TENANT.test(tenant)) counts.collectedTenants.add(tenant);
    for (const tenant of named) {
      if (SAFE_TENANT.test(tenant)) {
        const entry = counts.tenants.get(tenant) ?? { failed: 0, grants: 0 };
        if (event.kind === 'failed') entry.failed += 1;
        if (event.kind === 'grant')
          entry.grants += event.tenantRoles
            // A role without a tenant ID takes the record's tenants.
            .filter(([t]) => t === tenant || t === '')
            .reduce((sum, [, roles]) => sum + roles.filter(Boolean).length, 0);
        counts.tenants.set(tenant, entry);
      } else {
        bump(counts.rejected, tenant.length > SHOWN ? `${tenant.slice(0, SHOWN)}…` : tenant);
      }
    }
    if (event.kind === 'failed') {
      counts.failed += 1;
      bump(counts.failedByGeo, event.fields.geo || 'unknown');
    }
    if (event.kind === 'lockout') counts.lockouts += 1;
    if (event.kind === 'impersonation') counts.impersonations += 1;
    if (event.kind === 'grant') {
      counts.grants += event.projectRoles.filter(Boolean).length;
      counts.grants += event.tenantRoles.reduce((sum, [, roles]) => sum + roles.filter(Boolean).length, 0);
    }
    if (event.kind === 'scim' && event.failed) counts.scimFailures += 1;
  }
  return counts;
}
