import { createHash } from 'node:crypto';
import { formatInstant } from '../view/format.js';
import type { AccessKeyHolder, AccessSnapshot, RoleAssignment, RoleHolder } from './access-snapshot.js';
import type { CampaignCoverage, CampaignItem } from './campaign.js';
import {
  findDisabledPrivileged,
  findDormantPrivileged,
  findLongLivedKeys,
  findMissingSecondFactor,
  type HygieneSettings,
  lastLoginOf,
} from './hygiene-findings.js';

/** What changed for one role held since the last review, and who granted it when an event says. */
export interface ItemChange {
  change: string;
  grantedBy: string;
}

export interface ItemContext {
  coverage: CampaignCoverage;
  hygiene: HygieneSettings;
  /** Keyed by {@link changeKey}; roles absent from it are described by `unchanged`. */
  changes: ReadonlyMap<string, ItemChange>;
  /** How an unchanged role is described (`unchanged since 2026-W46`, `baseline: no earlier snapshot`). */
  unchanged: string;
  /** Login IDs of the reviewers for one role held (see `assignReviewers`). */
  reviewersOf: (principal: ItemPrincipal, role: RoleAssignment) => string[];
}

export type ItemPrincipal = CampaignItem['principal'] & { loginIds: readonly string[] };

/** The key of one role held by one principal, as changes are looked up. */
export const changeKey = (kind: 'user' | 'key', id: string, tenantId: string, role: string) =>
  JSON.stringify([kind, id, tenantId, role.trim().toLowerCase()]);

/** A stable, short ID for one role held by one principal (hex, 16 characters). */
export const itemIdOf = (kind: 'user' | 'key', id: string, tenantId: string, role: string) =>
  createHash('sha256')
    .update(changeKey(kind, id, tenantId, role))
    .digest('hex')
    .slice(0, 16);

const titles = (outcomes: { findings: { title: string }[] }[]) =>
  outcomes.flatMap((o) => o.findings.map((f) => f.title));

/** The hygiene findings of one user, by the access review's own rules over a one-user snapshot. */
function userFindings(snapshot: AccessSnapshot, user: RoleHolder, settings: HygieneSettings): string[] {
  const one = { ...snapshot, users: [user], keys: [] };
  return titles([
    findMissingSecondFactor(one),
    findDisabledPrivileged(one),
    findDormantPrivileged(one, settings),
  ]);
}

function keyFindings(snapshot: AccessSnapshot, key: AccessKeyHolder, settings: HygieneSettings): string[] {
  return titles([findLongLivedKeys({ ...snapshot, users: [], keys: [key] }, settings)]);
}

function mfaOf(u: RoleHolder): string {
  const factors = [
    ...(u.factors.totp ? ['TOTP'] : []),
    ...(u.factors.webauthn ? ['passkey'] : []),
    ...(u.factors.sso ? ['SSO'] : []),
  ];
  return factors.length > 0 ? factors.join(', ') : 'none';
}

/**
 * One item per role held (project-wide or in a tenant) by each user and key of the snapshot, or per
 * privileged role only (`coverage: privileged`), with what the reviewer needs to decide: last login
 * and its source, second factors, what changed since the last review, hygiene findings. Sorted by
 * principal then role, so the same snapshot always gives the same items.
 */
export function buildCampaignItems(snapshot: AccessSnapshot, context: ItemContext): CampaignItem[] {
  const wanted = (r: RoleAssignment) => context.coverage === 'all' || r.privileged;
  const item = (
    principal: ItemPrincipal,
    r: RoleAssignment,
    extra: Pick<CampaignItem, 'lastLogin' | 'lastLoginSource' | 'mfa' | 'findings'>,
  ): CampaignItem => {
    const change = context.changes.get(changeKey(principal.kind, principal.id, r.tenantId, r.role));
    const { loginIds: _loginIds, ...stored } = principal;
    return {
      id: itemIdOf(principal.kind, principal.id, r.tenantId, r.role),
      principal: stored,
      tenantId: r.tenantId,
      tenantName: r.tenantName,
      role: r.role,
      privileged: r.privileged,
      ...extra,
      change: change?.change ?? context.unchanged,
      grantedBy: change?.grantedBy ?? '',
      reviewers: context.reviewersOf(principal, r),
    };
  };
  const items: CampaignItem[] = [];
  for (const u of snapshot.users) {
    const roles = u.roles.filter(wanted);
    if (roles.length === 0) continue;
    const last = lastLoginOf(u);
    const principal: ItemPrincipal = {
      kind: 'user',
      id: u.userId,
      label: u.loginIds.join('; '),
      loginIds: u.loginIds,
      name: u.name,
      status: u.status,
      boundUserId: '',
      createdBy: '',
    };
    const extra = {
      lastLogin: last.at === undefined ? 'never seen' : formatInstant(last.at),
      lastLoginSource: last.source,
      mfa: mfaOf(u),
      findings: userFindings(snapshot, u, context.hygiene),
    };
    for (const r of roles) items.push(item(principal, r, extra));
  }
  for (const k of snapshot.keys) {
    const roles = k.roles.filter(wanted);
    if (roles.length === 0) continue;
    const principal: ItemPrincipal = {
      kind: 'key',
      id: k.id,
      label: k.name,
      loginIds: [],
      name: k.name,
      status: k.status,
      boundUserId: k.boundUserId,
      createdBy: k.createdBy,
    };
    const extra = {
      lastLogin: 'not reported for keys',
      lastLoginSource: '',
      mfa: '',
      findings: keyFindings(snapshot, k, context.hygiene),
    };
    for (const r of roles) items.push(item(principal, r, extra));
  }
  return items;
}
