import { z } from 'zod';
import { apiError, ERROR_CODES, type JsonAnswer } from './api-answer.js';
import {
  booleanField,
  int64Field,
  parseRequestBody,
  stringField,
  stringListField,
} from './request-fields.js';
import type { SearchQuirks } from './search-quirks.js';

/** A user as `POST /v2/mgmt/user/search` answers it (the fields this stand-in serves). */
export interface WireUser {
  userId: string;
  loginIds: string[];
  name: string;
  email: string;
  status: 'enabled' | 'disabled' | 'invited';
  /** Seconds since the epoch. */
  createdTime: number;
  roleNames: string[];
  userTenants: Array<{ tenantId: string; tenantName: string; roleNames: string[] }>;
  TOTP: boolean;
  SAML: boolean;
  webauthn: boolean;
  password: boolean;
  OAuth: Record<string, boolean>;
  test: boolean;
  /** Not in Descope's documented answer; served for some demo users to show both dormancy sources. */
  lastLogin?: number;
}

/** An access key as `POST /v1/mgmt/accesskey/search` answers it. */
export interface WireAccessKey {
  id: string;
  name: string;
  roleNames: string[];
  keyTenants: Array<{ tenantId: string; tenantName: string; roleNames: string[] }>;
  status: 'active' | 'inactive';
  /** Seconds. */
  createdTime: number;
  /** Seconds; 0 = never expires. */
  expireTime: number;
  createdBy: string;
  clientId: string;
  boundUserId: string;
  permittedIps: string[];
}

/** The directory the stand-in serves. */
export interface StandInDirectory {
  users: readonly WireUser[];
  keys: readonly WireAccessKey[];
}

export const userSearchBodySchema = z.object({
  page: int64Field,
  limit: int64Field,
  tenantIds: stringListField,
  roleNames: stringListField,
  roles: stringListField,
  statuses: stringListField,
  loginIds: stringListField,
  userIds: stringListField,
  text: stringField,
  withTestUser: booleanField,
  testUsersOnly: booleanField,
});

export const accessKeySearchBodySchema = z.object({
  tenantIds: stringListField,
  boundUserId: stringField,
  creatingUser: stringField,
  customAttributes: z.record(z.string(), z.unknown()).nullish(),
});

const any = (list: readonly string[] | null | undefined) =>
  list && list.length > 0 ? new Set(list) : undefined;
const userRoles = (u: WireUser) => [...u.roleNames, ...u.userTenants.flatMap((t) => t.roleNames)];

/**
 * `{ users, total }`: one page (`page` zero-based, `limit` default 100) of the filtered users, by user
 * ID. The role filter matches roles held in tenants too, unless `quirks.roleFilterSkipsTenantRoles`.
 */
export function handleUserSearch(
  body: unknown,
  directory: StandInDirectory,
  quirks: SearchQuirks = {},
): JsonAnswer {
  const parsed = parseRequestBody(userSearchBodySchema, body);
  if (!parsed.ok) return parsed.error;
  const q = parsed.value;
  const page = q.page ?? 0;
  const limit = q.limit ?? 100;
  if (page < 0 || limit <= 0)
    return apiError(400, ERROR_CODES.validation, 'Validation failure', 'page must be ≥ 0 and limit > 0');
  const tenants = any(q.tenantIds);
  const roles = any(q.roleNames);
  const statuses = any(q.statuses);
  const logins = any(q.loginIds);
  const ids = any(q.userIds);
  const users = directory.users
    .filter((u) => (q.testUsersOnly ? u.test : q.withTestUser || !u.test))
    .filter((u) => !tenants || u.userTenants.some((t) => tenants.has(t.tenantId)))
    .filter(
      (u) =>
        !roles || (quirks.roleFilterSkipsTenantRoles ? u.roleNames : userRoles(u)).some((r) => roles.has(r)),
    )
    .filter((u) => !statuses || statuses.has(u.status))
    .filter((u) => !logins || u.loginIds.some((l) => logins.has(l)))
    .filter((u) => !ids || ids.has(u.userId))
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return { status: 200, body: { users: users.slice(page * limit, (page + 1) * limit), total: users.length } };
}

/** `{ keys }`: every key (no paging), or those in one of `tenantIds`. */
export function handleAccessKeySearch(body: unknown, directory: StandInDirectory): JsonAnswer {
  const parsed = parseRequestBody(accessKeySearchBodySchema, body);
  if (!parsed.ok) return parsed.error;
  const tenants = any(parsed.value.tenantIds);
  const keys = directory.keys.filter((k) => !tenants || k.keyTenants.some((t) => tenants.has(t.tenantId)));
  return { status: 200, body: { keys } };
}
