import type { AuditRecord } from '../records/audit-record.js';
import { READ_KEYS, ROLE_CHANGE_KEYS } from './role-change-keys.js';
import { describeShape, readRoleNames } from './role-names.js';

/** A `Change` key that names roles: read if it is one of `ROLE_CHANGE_KEYS`, else not understood. */
const MENTIONS_ROLES = /role/i;

/** One role granted or revoked by a `UserModified` / `UsersModified` change, for one user. */
export interface RoleChange {
  role: string;
  /** The tenant (several joined by `; ` when the event cannot say which); empty for a project role. */
  tenant: string;
  scope: 'project' | 'tenant';
  userId: string;
  loginIds: string[];
}

/** A `Change` key that mentions roles but could not be read, for one user. */
export interface UnreadChangeKey {
  key: string;
  /** What the value looks like (never the value: it may name other tenants). */
  shape: string;
  userId: string;
  loginIds: string[];
}

/** What reading change details needs of a record. */
export type ChangeRecord = Pick<AuditRecord, 'data' | 'userId' | 'loginIds'>;

interface ChangeEntry {
  change: Record<string, unknown>;
  userId: string;
  loginIds: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];

/**
 * The changes of a record, one per user: `data.Change` for the record's user, or for each user a
 * batch names (`data.userIds` / `data.loginIds`), or each `data.users[]` entry with its own
 * `Change` (batch modifications, whose shape Descope does not document).
 */
function changeEntries(record: ChangeRecord): ChangeEntry[] {
  const { data } = record;
  const shared = isObject(data.Change) ? data.Change : undefined;
  if (Array.isArray(data.users)) {
    const entries = data.users.filter(isObject).flatMap((user): ChangeEntry[] => {
      const change = isObject(user.Change) ? user.Change : shared;
      if (!change) return [];
      const loginIds = typeof user.loginId === 'string' ? [user.loginId] : strings(user.loginIds);
      const userId =
        typeof user.userId === 'string' ? user.userId : typeof user.id === 'string' ? user.id : '';
      return [{ change, userId, loginIds }];
    });
    if (entries.length > 0) return entries;
  }
  if (!shared) return [];
  const userIds = strings(data.userIds);
  if (userIds.length > 0) return userIds.map((userId) => ({ change: shared, userId, loginIds: [] }));
  const loginIds = strings(data.loginIds);
  if (loginIds.length > 0) return loginIds.map((id) => ({ change: shared, userId: '', loginIds: [id] }));
  return [{ change: shared, userId: record.userId, loginIds: record.loginIds }];
}

/**
 * Role changes recorded in the change details of a `UserModified` or `UsersModified` record.
 * Descope logs new values, so `added_*` keys are grants and `removed_*` keys (when present) are
 * revocations. A tenant role whose value names no tenant takes the record's tenant; when the record
 * names several, the change cannot say which, and the project report lists them all.
 *
 * With `scopeTenant` (a tenant's report), only that tenant's role changes are returned: project-wide
 * roles and roles explicitly in another tenant belong to other reports.
 */
export function extractRoleChanges(
  record: AuditRecord,
  kind: 'added' | 'removed',
  scopeTenant?: string,
): RoleChange[] {
  const keys = ROLE_CHANGE_KEYS[kind];
  const recordTenants = [...new Set(record.tenants.filter(Boolean))];
  const implicit =
    scopeTenant !== undefined
      ? recordTenants.includes(scopeTenant)
        ? scopeTenant
        : ''
      : recordTenants.join('; ');
  const changes: RoleChange[] = [];
  for (const { change, userId, loginIds } of changeEntries(record)) {
    for (const [key, tenantKey] of [
      [keys.project, false],
      [keys.tenant, true],
    ] as const) {
      const reading = readRoleNames(Object.hasOwn(change, key) ? change[key] : undefined);
      if (!reading.ok) continue;
      for (const { role, tenant } of reading.roles) {
        const isTenant = tenantKey || tenant !== undefined;
        const where = isTenant ? (tenant ?? implicit) : '';
        if (scopeTenant !== undefined && (!isTenant || where !== scopeTenant)) continue;
        changes.push({ role, tenant: where, scope: isTenant ? 'tenant' : 'project', userId, loginIds });
      }
    }
  }
  return changes;
}

/**
 * Change keys that mention roles but are not read: any other key naming roles (in `Change`, or
 * beside it in `data`), or a read key in a shape `readRoleNames` does not know. Each is listed and
 * raised as a finding, never read as zero.
 */
export function findUnreadChangeKeys(record: ChangeRecord): UnreadChangeKey[] {
  const unread: UnreadChangeKey[] = [];
  // Roles outside any change details (a batch written another way) are not read either.
  for (const [key, value] of Object.entries(record.data)) {
    if (MENTIONS_ROLES.test(key))
      unread.push({
        key: `data.${key}`,
        shape: describeShape(value),
        userId: record.userId,
        loginIds: record.loginIds,
      });
  }
  for (const { change, userId, loginIds } of changeEntries(record)) {
    for (const [key, value] of Object.entries(change)) {
      if (!MENTIONS_ROLES.test(key)) continue;
      if (READ_KEYS.has(key)) {
        const reading = readRoleNames(value);
        if (reading.ok) continue;
        unread.push({ key, shape: reading.shape, userId, loginIds });
      } else {
        unread.push({ key, shape: describeShape(value), userId, loginIds });
      }
    }
  }
  return unread;
}
