import type { RoleAssignment } from './access-snapshot.js';
import type { Reviewer } from './campaign.js';
import { sameLogin } from './campaign.js';
import type { CampaignSettings } from './campaign-settings.js';

/** The principal an item is about, as far as reviewer choice needs it. */
export interface PrincipalRef {
  kind: 'user' | 'key';
  id: string;
  loginIds: readonly string[];
  /** Keys: the user the key acts for. */
  boundUserId: string;
}

/**
 * Whether `reviewer` would be deciding on their own access: the user item is theirs (by user ID or
 * login ID), or the key acts for them. Refused outright, at assignment and again at decision time.
 */
export function isOwnAccess(principal: PrincipalRef, reviewer: Reviewer): boolean {
  if (principal.kind === 'user')
    return (
      (reviewer.userId !== '' && principal.id === reviewer.userId) ||
      principal.loginIds.some((l) => sameLogin(l, reviewer.loginId))
    );
  return reviewer.userId !== '' && principal.boundUserId === reviewer.userId;
}

/**
 * Who reviews one role held: the tenant's reviewers for a tenant role when configured, else the
 * role's reviewers, else the fallback list; never the principal themselves (when every candidate is
 * the principal, the fallback list minus the principal). Empty when nobody is left.
 */
export function assignReviewers(
  principal: PrincipalRef,
  role: Pick<RoleAssignment, 'tenantId' | 'role'>,
  settings: CampaignSettings,
  resolve: (loginId: string) => Reviewer,
): string[] {
  const r = settings.reviewers;
  const candidates = [
    (role.tenantId ? r.tenants.get(role.tenantId) : undefined) ?? [],
    r.roles.get(role.role.trim().toLowerCase()) ?? [],
    r.fallback,
  ];
  const eligible = (list: readonly string[]) => list.filter((l) => !isOwnAccess(principal, resolve(l)));
  for (const list of candidates) {
    const chosen = eligible(list);
    if (chosen.length > 0) return [...new Set(chosen)];
  }
  return [];
}
