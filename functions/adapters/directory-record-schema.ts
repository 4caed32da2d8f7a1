import { z } from 'zod';
import type { DirectoryKey, DirectoryRole, DirectoryUser } from '../core/access/build-access-snapshot.js';

/**
 * Descope reports times in seconds (`createdTime`); a value already in milliseconds (past year
 * 33658 in seconds) is taken as such, so a change of unit cannot shift dates by a factor of 1000.
 */
const toMs = (value: number) => (value > 1e12 ? value : value * 1000);
const seconds = z.number().nonnegative().transform(toMs);
const names = z
  .array(z.string())
  .nullish()
  .transform((v) => (v ?? []).filter((n) => n.length > 0));
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const tenantRolesSchema = z.object({
  tenantId: z.string().min(1),
  tenantName: text,
  roleNames: names,
});

/** A user of `POST /v2/mgmt/user/search` (`users[]`), as Descope documents it; unknown fields ignored. */
const wireUserSchema = z.object({
  userId: z.string().min(1),
  loginIds: names,
  name: text,
  email: text,
  status: z.string(),
  createdTime: seconds,
  roleNames: names,
  userTenants: z
    .array(tenantRolesSchema)
    .nullish()
    .transform((v) => v ?? []),
  TOTP: z.boolean().nullish(),
  webauthn: z.boolean().nullish(),
  password: z.boolean().nullish(),
  SAML: z.boolean().nullish(),
  OAuth: z.record(z.string(), z.boolean()).nullish(),
  // Not in Descope's documented answer [unverified]: read when present, else evidence is used.
  lastLogin: z.number().positive().transform(toMs).nullish(),
});

/** A key of `POST /v1/mgmt/accesskey/search` (`keys[]`). */
const wireKeySchema = z.object({
  id: z.string().min(1),
  name: text,
  status: z.string(),
  createdTime: seconds,
  // Documented as `expireTime`; the node SDK's type says `expiresTime`/`expiredTime`: all are read.
  expireTime: seconds.nullish(),
  expiresTime: seconds.nullish(),
  expiredTime: seconds.nullish(),
  createdBy: text,
  boundUserId: text,
  permittedIps: names,
  roleNames: names,
  keyTenants: z
    .array(tenantRolesSchema)
    .nullish()
    .transform((v) => v ?? []),
});

type TenantRoles = z.output<typeof tenantRolesSchema>;
const rolesOf = (project: string[], tenants: TenantRoles[]): DirectoryRole[] => [
  ...project.map((role) => ({ tenantId: '', tenantName: '', role })),
  ...tenants.flatMap((t) =>
    t.roleNames.map((role) => ({ tenantId: t.tenantId, tenantName: t.tenantName, role })),
  ),
];

/** A user as the snapshot keeps it, or `undefined` when the answer is not a user. */
export function toDirectoryUser(raw: unknown): DirectoryUser | undefined {
  const parsed = wireUserSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const u = parsed.data;
  return {
    userId: u.userId,
    loginIds: u.loginIds,
    name: u.name || u.email,
    status: u.status,
    createdTime: u.createdTime,
    roles: rolesOf(u.roleNames, u.userTenants),
    factors: {
      totp: u.TOTP === true,
      webauthn: u.webauthn === true,
      password: u.password === true,
      sso: u.SAML === true,
      oauth: Object.entries(u.OAuth ?? {})
        .filter(([, used]) => used)
        .map(([provider]) => provider)
        .sort(),
    },
    ...(u.lastLogin ? { lastLogin: u.lastLogin } : {}),
  };
}

/** An access key as the snapshot keeps it, or `undefined` when the answer is not a key. */
export function toDirectoryKey(raw: unknown): DirectoryKey | undefined {
  const parsed = wireKeySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const k = parsed.data;
  return {
    id: k.id,
    name: k.name,
    status: k.status,
    createdTime: k.createdTime,
    expireTime: k.expireTime ?? k.expiresTime ?? k.expiredTime ?? 0,
    createdBy: k.createdBy,
    boundUserId: k.boundUserId,
    permittedIps: k.permittedIps,
    roles: rolesOf(k.roleNames, k.keyTenants),
  };
}
