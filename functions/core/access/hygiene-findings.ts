import { capFindings, type Finding, type RuleOutcome } from '../findings/finding.js';
import { formatInstant } from '../view/format.js';
import { ACCESS_FILES, ACCESS_SECTION } from './access-controls.js';
import type { AccessKeyHolder, AccessSnapshot, RoleHolder } from './access-snapshot.js';

const DAY_MS = 86_400_000;
/** Key statuses that cannot authenticate; any other status (`active`, unknown ones) counts as usable. */
const INACTIVE_KEY_STATUSES = new Set(['inactive', 'disabled', 'expired', 'deleted']);

export interface HygieneSettings {
  dormantDays: number;
  keyExpiryHorizonDays: number;
}

const privilegedRoles = (roles: RoleHolder['roles']) => roles.filter((r) => r.privileged);
const roleList = (roles: RoleHolder['roles']) =>
  roles
    .map((r) => (r.tenantId ? `${r.role} in tenant ${r.tenantId}` : `${r.role} (project-wide)`))
    .join(', ');
const who = (u: RoleHolder) => u.loginIds.join(', ') || u.userId;
const finding = (
  rule: Finding['rule'],
  severity: Finding['severity'],
  title: string,
  detail: string,
  users: string[],
): Finding => ({ rule, severity, title, detail, section: ACCESS_SECTION, about: { users } });
const idsOf = (u: RoleHolder) => [u.userId, ...u.loginIds];

const outcome = (
  rule: Finding['rule'],
  description: string,
  snapshot: AccessSnapshot,
  findings: Finding[],
): RuleOutcome => ({
  rule,
  description,
  status: snapshot.coverage.complete
    ? 'evaluated'
    : 'evaluated on an incomplete snapshot (see Access review)',
  findings: capFindings(findings, ACCESS_FILES.roleHolders),
});

/** Enabled privileged users with neither TOTP nor WebAuthn; SSO users' second factor is the IdP's. */
export function findMissingSecondFactor(snapshot: AccessSnapshot): RuleOutcome {
  const findings = snapshot.users
    .filter((u) => u.status === 'enabled' && privilegedRoles(u.roles).length > 0)
    .filter((u) => !u.factors.totp && !u.factors.webauthn && !u.factors.sso)
    .map((u) =>
      finding(
        'privileged-without-second-factor',
        'high',
        `Privileged user without a second factor: ${who(u)}`,
        `Holds ${roleList(privilegedRoles(u.roles))}; Descope reports no TOTP and no WebAuthn (passkey) for this user, and no SSO.`,
        idsOf(u),
      ),
    );
  return outcome(
    'privileged-without-second-factor',
    'Enabled users holding a privileged role with neither TOTP nor WebAuthn enrolled (SSO users are left to their identity provider).',
    snapshot,
    findings,
  );
}

/** Disabled (or otherwise not enabled) users who still hold a privileged role. */
export function findDisabledPrivileged(snapshot: AccessSnapshot): RuleOutcome {
  const findings = snapshot.users
    .filter((u) => u.status === 'disabled' && privilegedRoles(u.roles).length > 0)
    .map((u) =>
      finding(
        'disabled-privileged-user',
        'medium',
        `Disabled user still holds a privileged role: ${who(u)}`,
        `Status ${u.status}; still holds ${roleList(privilegedRoles(u.roles))}. Re-enabling the account restores the privilege.`,
        idsOf(u),
      ),
    );
  return outcome(
    'disabled-privileged-user',
    'Disabled users who still hold a privileged role.',
    snapshot,
    findings,
  );
}

/** Active keys with a privileged role that never expire (high) or expire past the horizon (medium). */
export function findLongLivedKeys(snapshot: AccessSnapshot, settings: HygieneSettings): RuleOutcome {
  const horizon = snapshot.periodEnd + settings.keyExpiryHorizonDays * DAY_MS;
  const findings = snapshot.keys
    .filter((k) => !INACTIVE_KEY_STATUSES.has(k.status.toLowerCase()) && privilegedRoles(k.roles).length > 0)
    .flatMap((k: AccessKeyHolder): Finding[] => {
      const roles = roleList(privilegedRoles(k.roles));
      const name = `${k.name || k.id} (${k.id})`;
      if (k.expireTime === 0)
        return [
          finding(
            'privileged-key-expiry',
            'high',
            `Privileged access key never expires: ${name}`,
            `Holds ${roles}; created ${formatInstant(k.createdTime)} by ${k.createdBy || 'an unrecorded creator'}; no expiry.`,
            [k.id],
          ),
        ];
      if (k.expireTime > horizon)
        return [
          finding(
            'privileged-key-expiry',
            'medium',
            `Privileged access key expires beyond ${settings.keyExpiryHorizonDays} days: ${name}`,
            `Holds ${roles}; expires ${formatInstant(k.expireTime)}.`,
            [k.id],
          ),
        ];
      return [];
    });
  return outcome(
    'privileged-key-expiry',
    `Active access keys holding a privileged role that never expire, or expire more than ${settings.keyExpiryHorizonDays} days after the period end (keyExpiryHorizonDays).`,
    snapshot,
    findings,
  );
}

/** Where a user's last login comes from, for the report to say. */
export function lastLoginOf(u: RoleHolder): { at?: number; source: string } {
  if (u.lastLogin !== undefined) return { at: u.lastLogin, source: 'user object (lastLogin)' };
  if (u.lastLoginSeen !== undefined) return { at: u.lastLoginSeen, source: 'stored evidence' };
  return { source: 'none seen in stored evidence' };
}

/** Enabled privileged users with no login in `dormantDays` (accounts younger than that are left out). */
export function findDormantPrivileged(snapshot: AccessSnapshot, settings: HygieneSettings): RuleOutcome {
  const cutoff = snapshot.periodEnd - settings.dormantDays * DAY_MS;
  const findings = snapshot.users
    .filter((u) => u.status === 'enabled' && privilegedRoles(u.roles).length > 0 && u.createdTime < cutoff)
    .flatMap((u): Finding[] => {
      const last = lastLoginOf(u);
      if (last.at !== undefined && last.at >= cutoff) return [];
      const since =
        last.at === undefined
          ? `no login seen (the user object has no lastLogin and the stored evidence shows none); created ${formatInstant(u.createdTime)}`
          : `last login ${formatInstant(last.at)}, from the ${last.source}`;
      return [
        finding(
          'dormant-privileged-user',
          'medium',
          `Privileged user dormant for ${settings.dormantDays}+ days: ${who(u)}`,
          `Holds ${roleList(privilegedRoles(u.roles))}; ${since}.`,
          idsOf(u),
        ),
      ];
    });
  return outcome(
    'dormant-privileged-user',
    `Enabled privileged users with no login in ${settings.dormantDays} days (dormantDays): the user object's lastLogin when Descope reports it, else the latest login seen in stored evidence.`,
    snapshot,
    findings,
  );
}
