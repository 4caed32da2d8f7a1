import type { DirectorySource, KeyList, UserPage } from '../adapters/directory-source.js';
import { DescopeAuditError, describeError } from '../shared/errors.js';
import type { DirectoryTraffic } from './directory-watch.js';
import { findTenantOnlyHolder, reachOf, type TenantOnlyHolder } from './tenant-role-reach.js';

/** Directory requests the doctor may spend (fewer when `DESCOPE_DIRECTORY_RPM` is lower). */
export const DOCTOR_DIRECTORY_BUDGET = 5;

/** One request's outcome; `skipped` when it was not sent (budget spent, or after a 429). */
export type Probed<T> =
  | { ok: true; value: T }
  | { ok: false; rateLimited: boolean; status?: number; message: string }
  | { ok: false; skipped: true };

export interface DirectoryProbeSettings {
  read: 'all' | 'role-holders';
  /** Users per page, as the run asks. */
  pageSize: number;
  /** Most requests this check may send. */
  budget: number;
}

/** What the directory answered to the doctor's few requests. */
export interface DirectoryObservation {
  /** The role list (only read with `role-holders`, as the run does). */
  roleNames?: Probed<string[]>;
  /** First page of the user search filtered by every role name: the run's first page. */
  holders?: Probed<UserPage>;
  keys: Probed<KeyList>;
  /** First page of the unfiltered user search: every user's `total`, and the tenant-role sample. */
  everyone: Probed<UserPage>;
  /** Whether the role filter returned a user holding roles only in tenants. */
  tenantReach?: { holder: TenantOnlyHolder; reach: 'reached' | 'missed' | 'unknown'; requests: number };
}

/**
 * Reads the directory as a weekly run starts to: the role list and the first page of role holders
 * (with `role-holders`), the access-key search, then the first page of every user; with the budget
 * left, one more page filtered by a role a sampled user holds only in a tenant, unless the first
 * page already settled whether the filter returns them. Stops at the first 429 (never waits).
 */
export async function probeDirectory(
  directory: DirectorySource,
  traffic: DirectoryTraffic,
  settings: DirectoryProbeSettings,
): Promise<DirectoryObservation> {
  // Read through a function: the watch updates `traffic` while a request is under way.
  const limitedAt = () => traffic.rateLimited?.request;
  const send = async <T>(call: () => Promise<T>): Promise<Probed<T>> => {
    if (traffic.requests >= settings.budget || limitedAt() !== undefined) return { ok: false, skipped: true };
    const before = traffic.requests;
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const rateLimited = (limitedAt() ?? 0) > before;
      return {
        ok: false,
        rateLimited,
        status: error instanceof DescopeAuditError ? error.details.status : undefined,
        message: rateLimited ? 'HTTP 429 (rate limited)' : describeError(error),
      };
    }
  };
  const { pageSize } = settings;
  const listRoleNames = directory.listRoleNames;
  const roleNames =
    settings.read === 'role-holders' && listRoleNames ? await send(() => listRoleNames()) : undefined;
  const names = roleNames?.ok ? roleNames.value : undefined;
  const holders =
    names && names.length > 0 ? await send(() => directory.searchUsers(0, pageSize, names)) : undefined;
  const keys = await send(() => directory.searchAccessKeys());
  const everyone = await send(() => directory.searchUsers(0, pageSize));
  const observation: DirectoryObservation = { roleNames, holders, keys, everyone };
  if (!names || !everyone.ok) return observation;

  const holder = findTenantOnlyHolder(everyone.value.users, names);
  if (!holder) return observation;
  // An unlisted role cannot be asked for: its holders are missed whatever the filter does.
  if (!holder.listed) return { ...observation, tenantReach: { holder, reach: 'missed', requests: 0 } };
  const first = holders?.ok ? reachOf(holder, holders.value, pageSize) : 'unknown';
  if (first !== 'unknown') return { ...observation, tenantReach: { holder, reach: first, requests: 0 } };
  const byRole = await send(() => directory.searchUsers(0, pageSize, [holder.role]));
  const reach = byRole.ok ? reachOf(holder, byRole.value, pageSize) : 'unknown';
  return { ...observation, tenantReach: { holder, reach, requests: byRole.ok ? 1 : 0 } };
}
