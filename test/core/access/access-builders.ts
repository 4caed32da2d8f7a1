import type {
  DirectoryKey,
  DirectoryRead,
  DirectoryUser,
} from '../../../functions/core/access/build-access-snapshot.js';
import { buildAccessSnapshot } from '../../../functions/core/access/build-access-snapshot.js';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 10, 30, 6);

export function user(
  id: string,
  roles: Array<[tenantId: string, role: string]>,
  extra: Partial<DirectoryUser> = {},
): DirectoryUser {
  return {
    userId: id,
    loginIds: [`${id}@corp.example`],
    name: id,
    status: 'enabled',
    createdTime: NOW - 400 * DAY,
    roles: roles.map(([tenantId, role]) => ({ tenantId, tenantName: '', role })),
    factors: { totp: true, webauthn: false, password: true, sso: false, oauth: [] },
    lastLogin: NOW - DAY,
    ...extra,
  };
}

export function key(
  id: string,
  roles: Array<[tenantId: string, role: string]>,
  extra: Partial<DirectoryKey> = {},
): DirectoryKey {
  return {
    id,
    name: `key ${id}`,
    status: 'active',
    createdTime: NOW - 10 * DAY,
    expireTime: NOW + 30 * DAY,
    createdBy: 'admin@corp.example',
    boundUserId: '',
    permittedIps: [],
    roles: roles.map(([tenantId, role]) => ({ tenantId, tenantName: '', role })),
    ...extra,
  };
}

export function directory(users: DirectoryUser[], keys: DirectoryKey[] = []): DirectoryRead {
  return {
    users,
    keys,
    coverage: { usersRead: users.length, keysRead: keys.length, malformed: 0, complete: true, notes: [] },
  };
}

export function snapshotOf(read: DirectoryRead, period = '2026-W48', periodEnd = NOW) {
  return buildAccessSnapshot(read, {
    projectId: 'P2test',
    period,
    periodEnd,
    privilegedRoles: ['Tenant Admin', 'admin'],
  });
}
