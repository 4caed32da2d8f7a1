/**
 * The access snapshot: who holds which role at the end of a period, read from Descope's user and
 * access-key searches. Every string here comes from Descope and is attacker-influenced data.
 */

/** One role held: project-wide (`tenantId` empty) or in one tenant. */
export interface RoleAssignment {
  /** Empty for a project-wide role. */
  tenantId: string;
  /** The tenant's display name when Descope reported it; empty otherwise. */
  tenantName: string;
  role: string;
  /** The role is in the catalog's `privilegedRoles` (case-insensitive). */
  privileged: boolean;
}

/** The authentication factors the user object reports. */
export interface UserFactors {
  totp: boolean;
  webauthn: boolean;
  password: boolean;
  /** SSO through SAML/OIDC (the user object's `SAML` flag). */
  sso: boolean;
  /** OAuth providers the user has signed in with. */
  oauth: string[];
}

/** A user holding at least one role. */
export interface RoleHolder {
  userId: string;
  loginIds: string[];
  name: string;
  /** `enabled`, `disabled`, `invited`, … as Descope reports it. */
  status: string;
  /** Epoch ms (Descope reports seconds). */
  createdTime: number;
  roles: RoleAssignment[];
  factors: UserFactors;
  /** Epoch ms of the last login when the user object carries `lastLogin`. */
  lastLogin?: number;
  /**
   * Epoch ms of the latest successful login seen in stored evidence: this period's evidence files
   * and, carried forward, the previous snapshot's value. Used when the user object has no `lastLogin`.
   */
  lastLoginSeen?: number;
}

/** An access key (management or tenant machine credential). */
export interface AccessKeyHolder {
  id: string;
  name: string;
  status: string;
  /** Epoch ms. */
  createdTime: number;
  /** Epoch ms; 0 means the key never expires. */
  expireTime: number;
  createdBy: string;
  boundUserId: string;
  permittedIps: string[];
  roles: RoleAssignment[];
}

/** How much of the directory was read, so a snapshot is complete or says what it misses. */
export interface DirectoryCoverage {
  usersRead: number;
  /** The `total` Descope reported for the user search; absent when it reported none. */
  usersTotal?: number;
  keysRead: number;
  /** Users or keys Descope answered in a shape that could not be read. */
  malformed: number;
  complete: boolean;
  /** What is missing and why; empty when complete. */
  notes: string[];
}

export type SnapshotScope = { kind: 'project' } | { kind: 'tenant'; tenantId: string };

/** `access/snapshot.json`. */
export interface AccessSnapshot {
  schemaVersion: 1;
  projectId: string;
  scope: SnapshotScope;
  /** The report period this snapshot closes (`YYYY-Www`). */
  period: string;
  /**
   * End of the period (epoch ms): dormancy and key expiry are judged as of this instant. The
   * directory itself is read when the report runs (Descope has no point-in-time query); the read
   * time is not recorded, so a re-run over an unchanged directory stores the same bytes and an
   * attestation of them stays valid.
   */
  periodEnd: number;
  privilegedRoles: string[];
  users: RoleHolder[];
  keys: AccessKeyHolder[];
  coverage: DirectoryCoverage;
}

/** Principals holding at least one privileged role (users and keys). */
export function countPrivilegedPrincipals(snapshot: Pick<AccessSnapshot, 'users' | 'keys'>): number {
  const privileged = (roles: RoleAssignment[]) => roles.some((r) => r.privileged);
  return (
    snapshot.users.filter((u) => privileged(u.roles)).length +
    snapshot.keys.filter((k) => privileged(k.roles)).length
  );
}
