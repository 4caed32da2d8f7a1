import type {
  AccessKeyHolder,
  AccessSnapshot,
  DirectoryCoverage,
  RoleAssignment,
  RoleHolder,
} from './access-snapshot.js';

/** A role as the directory reports it, before the catalog says whether it is privileged. */
export type DirectoryRole = Omit<RoleAssignment, 'privileged'>;
export type DirectoryUser = Omit<RoleHolder, 'roles'> & { roles: DirectoryRole[] };
export type DirectoryKey = Omit<AccessKeyHolder, 'roles'> & { roles: DirectoryRole[] };

/** What the directory searches returned (every user, holders or not) and how much of it. */
export interface DirectoryRead {
  users: DirectoryUser[];
  keys: DirectoryKey[];
  coverage: DirectoryCoverage;
}

export interface SnapshotContext {
  projectId: string;
  period: string;
  periodEnd: number;
  privilegedRoles: readonly string[];
  /** User ID → latest successful login in this period's stored evidence. */
  loginsSeen?: ReadonlyMap<string, number>;
  /** The previous stored snapshot, whose `lastLoginSeen` values are carried forward. */
  previous?: AccessSnapshot;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byRole = (a: DirectoryRole, b: DirectoryRole) =>
  byText(a.tenantId, b.tenantId) || byText(a.role, b.role);

/** Marks each role privileged or not; sorted and de-duplicated so snapshots diff and hash stably. */
function markRoles(roles: readonly DirectoryRole[], privileged: ReadonlySet<string>): RoleAssignment[] {
  const seen = new Map<string, RoleAssignment>();
  for (const r of [...roles].sort(byRole)) {
    const key = JSON.stringify([r.tenantId, r.role]);
    if (!seen.has(key)) seen.set(key, { ...r, privileged: privileged.has(r.role.trim().toLowerCase()) });
  }
  return [...seen.values()];
}

/**
 * The project-wide snapshot: every user holding any role (project-wide or in a tenant) and every
 * access key, roles marked privileged per `privilegedRoles` (case-insensitive), sorted by ID.
 */
export function buildAccessSnapshot(directory: DirectoryRead, context: SnapshotContext): AccessSnapshot {
  const privileged = new Set(context.privilegedRoles.map((r) => r.trim().toLowerCase()));
  const carried = new Map<string, number>();
  for (const u of context.previous?.users ?? []) {
    if (u.lastLoginSeen !== undefined) carried.set(u.userId, u.lastLoginSeen);
  }
  const users = directory.users
    .map((u): RoleHolder => {
      const seen = Math.max(context.loginsSeen?.get(u.userId) ?? 0, carried.get(u.userId) ?? 0);
      return { ...u, roles: markRoles(u.roles, privileged), ...(seen > 0 ? { lastLoginSeen: seen } : {}) };
    })
    .filter((u) => u.roles.length > 0)
    .sort((a, b) => byText(a.userId, b.userId));
  const keys = directory.keys
    .map((k) => ({ ...k, roles: markRoles(k.roles, privileged) }))
    .sort((a, b) => byText(a.id, b.id));
  return {
    schemaVersion: 1,
    projectId: context.projectId,
    scope: { kind: 'project' },
    period: context.period,
    periodEnd: context.periodEnd,
    privilegedRoles: [...context.privilegedRoles],
    users,
    keys,
    coverage: directory.coverage,
  };
}

/**
 * One tenant's share of a snapshot: the users and keys holding a role in that tenant, with only
 * that tenant's roles. Project-wide roles and other tenants' roles are left out, so a tenant's
 * review names nothing of another tenant.
 */
export function scopeAccessSnapshot(snapshot: AccessSnapshot, tenantId: string): AccessSnapshot {
  const own = (roles: RoleAssignment[]) => roles.filter((r) => r.tenantId === tenantId);
  const users = snapshot.users.flatMap((u) => {
    const roles = own(u.roles);
    return roles.length > 0 ? [{ ...u, roles }] : [];
  });
  const keys = snapshot.keys.flatMap((k) => {
    const roles = own(k.roles);
    return roles.length > 0 ? [{ ...k, roles }] : [];
  });
  return {
    ...snapshot,
    scope: { kind: 'tenant', tenantId },
    users,
    keys,
    coverage: scopeCoverage(snapshot.coverage, users.length, keys.length),
  };
}

/** What a tenant's snapshot says when the project's directory read was incomplete. */
export const TENANT_INCOMPLETE_NOTE =
  "the project's directory could not be read in full, so this tenant's role holders may be incomplete (the project-wide report says what is missing)";

/**
 * A tenant's coverage: its own counts, and whether the read was complete, without the project's
 * notes, totals or malformed count (they describe every tenant's users).
 */
function scopeCoverage(project: DirectoryCoverage, usersRead: number, keysRead: number): DirectoryCoverage {
  return {
    usersRead,
    keysRead,
    malformed: 0,
    complete: project.complete,
    notes: project.complete ? [] : [TENANT_INCOMPLETE_NOTE],
  };
}

/** `access/snapshot.json`, stable key order and a trailing newline. */
export const renderAccessSnapshot = (snapshot: AccessSnapshot): string =>
  `${JSON.stringify(snapshot, null, 2)}\n`;
