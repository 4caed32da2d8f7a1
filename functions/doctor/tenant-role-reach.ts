import type { UserPage } from '../adapters/directory-source.js';
import type { DirectoryUser } from '../core/access/build-access-snapshot.js';

/** A user who holds roles only in tenants (no project-level role), and one of those roles. */
export interface TenantOnlyHolder {
  userId: string;
  role: string;
  tenantId: string;
  /** Whether the role list names the role (the run's filter can only ask for listed names). */
  listed: boolean;
}

/**
 * A user of `users` whose every role is held in a tenant, with the role to test the filter by:
 * preferably a listed role no user of the sample holds at project level (a role that exists only
 * as a tenant role), else any listed one, else an unlisted one. `undefined` when nobody in the
 * sample holds roles only in tenants.
 */
export function findTenantOnlyHolder(
  users: readonly DirectoryUser[],
  roleNames: readonly string[],
): TenantOnlyHolder | undefined {
  const listed = new Set(roleNames);
  const projectRoles = new Set(
    users.flatMap((u) => u.roles.filter((r) => r.tenantId === '').map((r) => r.role)),
  );
  const candidates = users
    .filter((u) => u.roles.length > 0 && u.roles.every((r) => r.tenantId !== ''))
    .flatMap((u) =>
      u.roles.map((r) => ({
        userId: u.userId,
        role: r.role,
        tenantId: r.tenantId,
        listed: listed.has(r.role),
      })),
    );
  const rank = (c: TenantOnlyHolder) => (c.listed ? (projectRoles.has(c.role) ? 1 : 0) : 2);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * Whether an answer of the user search filtered by role names returned `holder`: `reached` when it
 * did, `missed` when the answer was the whole result (a short page) without them, `unknown` when the
 * holder may be on a later page.
 */
export function reachOf(
  holder: TenantOnlyHolder,
  page: UserPage,
  pageSize: number,
): 'reached' | 'missed' | 'unknown' {
  if (page.users.some((u) => u.userId === holder.userId)) return 'reached';
  return page.received < pageSize ? 'missed' : 'unknown';
}
