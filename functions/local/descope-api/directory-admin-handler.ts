import { z } from 'zod';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { apiError, ERROR_CODES, type JsonAnswer } from './api-answer.js';
import type { StandInDirectory, WireUser } from './directory-search-handler.js';
import { parseRequestBody, stringField, stringListField } from './request-fields.js';

/** `POST /v1/mgmt/user/update/role/remove` as `management.user.removeRoles` / `removeTenantRoles` send it. */
export const roleRemovalBodySchema = z.object({
  loginId: z.string().min(1),
  tenantId: stringField,
  roleNames: stringListField,
});

/** `GET /v1/mgmt/role/all`: every role name assigned in the directory, as project roles. */
export function handleRoleList(directory: StandInDirectory): JsonAnswer {
  const names = new Set<string>();
  for (const u of directory.users) {
    for (const r of u.roleNames) names.add(r);
    for (const t of u.userTenants) for (const r of t.roleNames) names.add(r);
  }
  for (const k of directory.keys) {
    for (const r of k.roleNames) names.add(r);
    for (const t of k.keyTenants) for (const r of t.roleNames) names.add(r);
  }
  const roles = [...names]
    .sort()
    .map((name) => ({ name, description: '', permissionNames: [], createdTime: 0 }));
  return { status: 200, body: { roles } };
}

export interface RoleRemovalContext {
  directory: StandInDirectory;
  projectId: string;
  now: number;
  /** The actor the audit event names (the management key's ID). */
  actorId: string;
  sequence: number;
}

/**
 * Removes roles from a user (project-wide, or in `tenantId`), answers `{ user }`, and returns the
 * changed directory and the `UserModified` audit record naming what was removed
 * (`removed_roles` / `removed_multi_tenant_roles`), as a trail that logs removals would.
 */
export function handleRoleRemoval(
  body: unknown,
  context: RoleRemovalContext,
): { answer: JsonAnswer; directory?: StandInDirectory; record?: AuditRecord } {
  const parsed = parseRequestBody(roleRemovalBodySchema, body);
  if (!parsed.ok) return { answer: parsed.error };
  const { loginId, tenantId, roleNames } = parsed.value;
  const remove = new Set(roleNames ?? []);
  const user = context.directory.users.find((u) => u.userId === loginId || u.loginIds.includes(loginId));
  if (!user) return { answer: apiError(400, ERROR_CODES.validation, 'User not found', `no user ${loginId}`) };
  const changed: WireUser = tenantId
    ? {
        ...user,
        userTenants: user.userTenants.map((t) =>
          t.tenantId === tenantId ? { ...t, roleNames: t.roleNames.filter((r) => !remove.has(r)) } : t,
        ),
      }
    : { ...user, roleNames: user.roleNames.filter((r) => !remove.has(r)) };
  const directory = {
    ...context.directory,
    users: context.directory.users.map((u) => (u === user ? changed : u)),
  };
  const record: AuditRecord = {
    id: `standin-role-removal-${context.sequence}`,
    projectId: context.projectId,
    userId: user.userId,
    action: 'UserModified',
    occurred: context.now,
    device: '',
    method: '',
    geo: '',
    remoteAddress: '',
    loginIds: user.loginIds,
    tenants: tenantId ? [tenantId] : [],
    data: { Change: tenantId ? { removed_multi_tenant_roles: [...remove] } : { removed_roles: [...remove] } },
    type: 'info',
    actorId: context.actorId,
  };
  return { answer: { status: 200, body: { user: changed } }, directory, record };
}
