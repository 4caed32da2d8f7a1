/** A role named in a change, with the tenant the value itself gives it (if any). */
export interface NamedRole {
  role: string;
  /** Tenant the value names for this role; absent when the value is bare role names. */
  tenant?: string;
}

/** The roles a change value holds, or why it cannot be read (a description of its shape). */
export type RoleNamesReading = { ok: true; roles: NamedRole[] } | { ok: false; shape: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A short description of a value's shape for the report (never the value itself). */
export function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const kinds = [...new Set(value.map((v) => describeShape(v)))].sort();
    return value.length === 0 ? 'an empty list' : `a list of ${kinds.join(' and ')}`;
  }
  if (isObject(value)) return 'an object';
  return typeof value === 'string' ? 'text' : typeof value;
}

/** Role names given as a string or a list of strings (empty names are no role). */
function names(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value ? [value] : [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter(Boolean);
  return undefined;
}

/** `{ tenantId, roleNames }` (or `roles`): the roles of one tenant. */
function tenantEntry(entry: Record<string, unknown>): NamedRole[] | undefined {
  const tenant = entry.tenantId;
  const roles = names(Object.hasOwn(entry, 'roleNames') ? entry.roleNames : entry.roles);
  if (roles === undefined || (tenant !== undefined && typeof tenant !== 'string')) return undefined;
  return roles.map((role) => (tenant ? { role, tenant } : { role }));
}

/**
 * Reads the shapes a role change can plausibly have: a role name; a list of role names; a list of
 * `{ tenantId, roleNames }`; one such object; an object of tenant ID → role name(s). Anything else
 * is not understood, so the caller can say so instead of reading zero roles.
 */
export function readRoleNames(value: unknown): RoleNamesReading {
  if (value === undefined || value === null) return { ok: true, roles: [] };
  const plain = names(value);
  if (plain) return { ok: true, roles: plain.map((role) => ({ role })) };
  if (Array.isArray(value)) {
    const roles: NamedRole[] = [];
    for (const entry of value) {
      const read = typeof entry === 'string' ? names(entry)?.map((role) => ({ role })) : undefined;
      const fromObject = isObject(entry) ? tenantEntry(entry) : undefined;
      const found = read ?? fromObject;
      if (!found) return { ok: false, shape: describeShape(value) };
      roles.push(...found);
    }
    return { ok: true, roles };
  }
  if (isObject(value)) {
    if (Object.hasOwn(value, 'tenantId') || Object.hasOwn(value, 'roleNames')) {
      const entry = tenantEntry(value);
      return entry ? { ok: true, roles: entry } : { ok: false, shape: describeShape(value) };
    }
    const roles: NamedRole[] = [];
    for (const [tenant, list] of Object.entries(value)) {
      const found = names(list);
      if (!found || !tenant) return { ok: false, shape: 'an object whose values are not role names' };
      roles.push(...found.map((role) => ({ role, tenant })));
    }
    return { ok: true, roles };
  }
  return { ok: false, shape: describeShape(value) };
}
