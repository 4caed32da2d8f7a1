import type { AccessSnapshot, RoleAssignment } from './access-snapshot.js';

export type PrincipalKind = 'user' | 'key';

/** One difference between the previous stored snapshot and this one. */
export interface AccessChange {
  kind: 'granted' | 'revoked' | 'changed';
  principal: PrincipalKind;
  /** User ID or access key ID. */
  id: string;
  /** Login IDs (users) or the key's name, for people. */
  label: string;
  /** Empty for a project-wide role; for `changed`, empty. */
  tenantId: string;
  /** The role granted or revoked; for `changed`, empty. */
  role: string;
  privileged: boolean;
  /** For `changed`: what changed (`status enabled → disabled`, `expiry …`). */
  detail: string;
}

interface Principal {
  kind: PrincipalKind;
  id: string;
  label: string;
  status: string;
  expireTime?: number;
  roles: RoleAssignment[];
}

const principals = (snapshot: AccessSnapshot): Map<string, Principal> => {
  const map = new Map<string, Principal>();
  for (const u of snapshot.users) {
    map.set(`user:${u.userId}`, {
      kind: 'user',
      id: u.userId,
      label: u.loginIds.join('; '),
      status: u.status,
      roles: u.roles,
    });
  }
  for (const k of snapshot.keys) {
    map.set(`key:${k.id}`, {
      kind: 'key',
      id: k.id,
      label: k.name,
      status: k.status,
      expireTime: k.expireTime,
      roles: k.roles,
    });
  }
  return map;
};

const roleKey = (r: Pick<RoleAssignment, 'tenantId' | 'role'>) =>
  JSON.stringify([r.tenantId, r.role.trim().toLowerCase()]);
const rolesOf = (p: Principal | undefined) => new Map((p?.roles ?? []).map((r) => [roleKey(r), r]));
const expiry = (ms: number | undefined) => (!ms ? 'never' : new Date(ms).toISOString());

/**
 * Roles granted and revoked between two snapshots of the same scope, and principals whose status or
 * key expiry changed. Users and keys are matched by ID, roles by tenant and (case-insensitive) name.
 * Sorted: grants, revocations, changes; then by principal and role.
 */
export function diffAccessSnapshots(previous: AccessSnapshot, current: AccessSnapshot): AccessChange[] {
  const before = principals(previous);
  const after = principals(current);
  const changes: AccessChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const now = after.get(key);
    const who = (now ?? old) as Principal;
    const base = { principal: who.kind, id: who.id, label: who.label };
    const oldRoles = rolesOf(old);
    const newRoles = rolesOf(now);
    for (const [k, r] of newRoles) {
      if (!oldRoles.has(k))
        changes.push({
          ...base,
          kind: 'granted',
          tenantId: r.tenantId,
          role: r.role,
          privileged: r.privileged,
          detail: '',
        });
    }
    for (const [k, r] of oldRoles) {
      if (!newRoles.has(k))
        changes.push({
          ...base,
          kind: 'revoked',
          tenantId: r.tenantId,
          role: r.role,
          privileged: r.privileged,
          detail: '',
        });
    }
    if (!old || !now) continue;
    const privileged = now.roles.some((r) => r.privileged) || old.roles.some((r) => r.privileged);
    const details: string[] = [];
    if (old.status !== now.status) details.push(`status ${old.status} → ${now.status}`);
    if (old.kind === 'key' && old.expireTime !== now.expireTime)
      details.push(`expiry ${expiry(old.expireTime)} → ${expiry(now.expireTime)}`);
    if (details.length > 0)
      changes.push({
        ...base,
        kind: 'changed',
        tenantId: '',
        role: '',
        privileged,
        detail: details.join('; '),
      });
  }
  const order = { granted: 0, revoked: 1, changed: 2 };
  return changes.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      compare(a.principal, b.principal) ||
      compare(a.id, b.id) ||
      compare(a.tenantId, b.tenantId) ||
      compare(a.role, b.role),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
