import type { AuditRecord } from '../audit-record.js';

/** One role granted or revoked by a `UserModified` change. */
export interface RoleChange {
  role: string;
  /** Empty for a project-level role. */
  tenant: string;
  scope: 'project' | 'tenant';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function roleNames(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/**
 * Tenant roles are logged as role names, with the tenant on the record (`tenants`). Some payloads
 * carry `{ tenantId, roleNames }` objects instead; both shapes are read. A record naming several
 * tenants cannot say which one a name belongs to, so the tenant column lists them all.
 */
function tenantRoles(value: unknown, recordTenants: string[]): RoleChange[] {
  if (!Array.isArray(value))
    return roleNames(value).map((role) => tenantRole(role, recordTenants.join('; ')));
  return value.flatMap((entry) => {
    if (typeof entry === 'string') return entry ? [tenantRole(entry, recordTenants.join('; '))] : [];
    const object = asRecord(entry);
    if (!object) return [];
    const tenant = typeof object.tenantId === 'string' ? object.tenantId : recordTenants.join('; ');
    return roleNames(object.roleNames ?? object.roles).map((role) => tenantRole(role, tenant));
  });
}

const tenantRole = (role: string, tenant: string): RoleChange => ({ role, tenant, scope: 'tenant' });

/**
 * Role changes recorded in `data.Change` of a `UserModified` record. Descope logs new values, so
 * `added_*` keys are grants and `removed_*` keys (when present) are revocations; every other key
 * (names, phone, custom attributes) is not a role change.
 */
export function extractRoleChanges(record: AuditRecord, kind: 'added' | 'removed'): RoleChange[] {
  const change = asRecord(record.data.Change);
  if (!change) return [];
  const project = roleNames(change[`${kind}_roles`]).map(
    (role): RoleChange => ({ role, tenant: '', scope: 'project' }),
  );
  return [...project, ...tenantRoles(change[`${kind}_multi_tenant_roles`], record.tenants)];
}
