import { z } from 'zod';
import type { AccessSnapshot } from './access-snapshot.js';

const role = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  role: z.string(),
  privileged: z.boolean(),
});
const user = z.object({
  userId: z.string(),
  loginIds: z.array(z.string()),
  name: z.string(),
  status: z.string(),
  createdTime: z.number(),
  roles: z.array(role),
  factors: z.object({
    totp: z.boolean(),
    webauthn: z.boolean(),
    password: z.boolean(),
    sso: z.boolean(),
    oauth: z.array(z.string()),
  }),
  lastLogin: z.number().optional(),
  lastLoginSeen: z.number().optional(),
});
const key = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  createdTime: z.number(),
  expireTime: z.number(),
  createdBy: z.string(),
  boundUserId: z.string(),
  permittedIps: z.array(z.string()),
  roles: z.array(role),
});
const snapshotSchema = z.object({
  schemaVersion: z.literal(1),
  projectId: z.string(),
  scope: z.union([
    z.object({ kind: z.literal('project') }),
    z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
  ]),
  period: z.string(),
  periodEnd: z.number(),
  privilegedRoles: z.array(z.string()),
  users: z.array(user),
  keys: z.array(key),
  coverage: z.object({
    usersRead: z.number(),
    usersTotal: z.number().optional(),
    keysRead: z.number(),
    malformed: z.number(),
    complete: z.boolean(),
    notes: z.array(z.string()),
  }),
});

/** A stored `access/snapshot.json`, or why it cannot be used. */
export function parseAccessSnapshot(
  bytes: Uint8Array,
): { ok: true; snapshot: AccessSnapshot } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, reason: 'it is not JSON' };
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: `it is not an access snapshot (${parsed.error.issues[0]?.path.join('.') ?? ''})`,
    };
  return { ok: true, snapshot: parsed.data as AccessSnapshot };
}
