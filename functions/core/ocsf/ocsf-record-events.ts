import type { AuditRecord } from '../records/audit-record.js';
import { baseEvent, compact, sourceOf, text, unmappedOf, userOf } from './ocsf-base.js';
import type { OcsfEvent } from './ocsf-classes.js';

const USER_CREATED = new Set(['UserCreated', 'UsersCreated']);
const USER_DELETED = new Set(['UserDeleted', 'UsersDeleted']);
const ENTITY_ACTIVITY = new Map<string, [string, number]>([
  ['AccessKeyCreated', ['Access Key', 1]],
  ['AccessKeyModified', ['Access Key', 3]],
  ['AccessKeyDeleted', ['Access Key', 4]],
  ['AccessKeysDeleted', ['Access Key', 4]],
  ['PermissionCreated', ['Permission', 1]],
  ['PermissionModified', ['Permission', 3]],
  ['PermissionDeleted', ['Permission', 4]],
  ['RoleCreated', ['Role', 1]],
  ['RoleModified', ['Role', 3]],
  ['RoleDeleted', ['Role', 4]],
]);

/**
 * A batch creation or deletion names no user (OCSF requires one): it stands as the batch, its
 * count kept in `unmapped`.
 */
function batchUser(r: AuditRecord) {
  if (text(r.userId) || r.loginIds.length > 0 || !/^Users(Created|Deleted)$/.test(r.action)) return undefined;
  const count = (r.data as Record<string, unknown>).count;
  return { name: typeof count === 'number' ? `batch of ${count} users` : 'batch of users' };
}

/**
 * The OCSF event of one audit record, by its action: logins and impersonations as Authentication
 * (3002), user creation, deletion and lockouts as Account Change (3001), access keys, permissions
 * and roles as Entity Management (3004). Role grants and revocations come from the role tables
 * (see ocsf-role-events.ts), not from here. Other actions have no event (`undefined`).
 */
export function recordEvent(r: AuditRecord, logName: string): OcsfEvent | undefined {
  const meta = { uid: r.id, logName, tenants: r.tenants };
  const common = { src_endpoint: sourceOf(r), unmapped: unmappedOf(r) };
  if (r.action === 'LoginSucceed' || r.action === 'LoginFailed') {
    const switched = r.action === 'LoginSucceed' && r.method === 'Impersonate';
    return {
      cls: 'authentication',
      event: compact({
        ...baseEvent('authentication', switched ? 7 : 1, r.occurred, meta),
        status_id: r.action === 'LoginSucceed' ? 1 : 2,
        ...(switched
          ? { account_switch_type_id: 2, actor: { user: { uid: text(r.actorId) ?? 'unrecorded' } } }
          : {}),
        user: userOf(r),
        service: { name: 'Descope', uid: r.projectId || undefined },
        status_detail: text((r.data as Record<string, unknown>).error_message),
        ...common,
      }),
    };
  }
  const accountActivity =
    r.action === 'LoginExceedMaxAttempts'
      ? 9
      : USER_CREATED.has(r.action)
        ? 1
        : USER_DELETED.has(r.action)
          ? 6
          : undefined;
  if (accountActivity !== undefined)
    return {
      cls: 'account_change',
      event: compact({
        ...baseEvent('account_change', accountActivity, r.occurred, meta),
        user: batchUser(r) ?? userOf(r),
        actor: text(r.actorId) ? { user: { uid: r.actorId } } : undefined,
        ...common,
      }),
    };
  const entity = ENTITY_ACTIVITY.get(r.action);
  if (entity) {
    const data = r.data as Record<string, unknown>;
    const [type, activity] = entity;
    return {
      cls: 'entity_management',
      event: compact({
        ...baseEvent('entity_management', activity, r.occurred, meta),
        entity: {
          type,
          uid: text(data.id) ?? text(data.keyId) ?? text(data.accessKeyId),
          name:
            text(data.name) ?? text(data.keyName) ?? text(data.permissionName) ?? text(data.roleName) ?? type,
        },
        actor: text(r.actorId) || text(r.userId) ? { user: { uid: text(r.actorId) ?? r.userId } } : undefined,
        ...common,
      }),
    };
  }
  return undefined;
}
