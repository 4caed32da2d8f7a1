import type { QueryTable } from '../report/report-model.js';
import type { AccessSnapshot } from './access-snapshot.js';
import { lastLoginOf } from './hygiene-findings.js';

const iso = (ms: number | undefined) => (ms === undefined || ms <= 0 ? '' : new Date(ms).toISOString());
const yes = (flag: boolean) => (flag ? 'yes' : 'no');

/** `access/role-holders.csv`: one row per user and role held (project-wide or in a tenant). */
export function roleHoldersTable(snapshot: AccessSnapshot): QueryTable {
  const rows = snapshot.users.flatMap((u) => {
    const last = lastLoginOf(u);
    return u.roles.map((r) => [
      u.userId,
      u.loginIds.join('; '),
      u.name,
      u.status,
      iso(u.createdTime),
      r.tenantId,
      r.tenantName,
      r.role,
      yes(r.privileged),
      yes(u.factors.totp),
      yes(u.factors.webauthn),
      yes(u.factors.password),
      yes(u.factors.sso),
      u.factors.oauth.join('; '),
      iso(last.at),
      last.source,
    ]);
  });
  return {
    columns: [
      'user_id',
      'login_ids',
      'name',
      'status',
      'created',
      'tenant_id',
      'tenant_name',
      'role',
      'privileged',
      'totp',
      'webauthn',
      'password',
      'sso',
      'oauth_providers',
      'last_login',
      'last_login_source',
    ],
    rows,
  };
}

/** `access/access-keys.csv`: one row per key and role (a key without roles has one row, role empty). */
export function accessKeysTable(snapshot: AccessSnapshot): QueryTable {
  const rows = snapshot.keys.flatMap((k) => {
    const base = [
      k.id,
      k.name,
      k.status,
      iso(k.createdTime),
      k.createdBy,
      k.expireTime === 0 ? 'never' : iso(k.expireTime),
    ];
    const tail = [k.permittedIps.join('; '), k.boundUserId];
    if (k.roles.length === 0) return [[...base, '', '', '', 'no', ...tail]];
    return k.roles.map((r) => [...base, r.tenantId, r.tenantName, r.role, yes(r.privileged), ...tail]);
  });
  return {
    columns: [
      'key_id',
      'name',
      'status',
      'created',
      'created_by',
      'expires',
      'tenant_id',
      'tenant_name',
      'role',
      'privileged',
      'permitted_ips',
      'bound_user_id',
    ],
    rows,
  };
}
