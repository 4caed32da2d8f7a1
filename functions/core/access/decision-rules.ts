import type { Campaign, CampaignItem, Reviewer } from './campaign.js';
import { sameLogin } from './campaign.js';
import type { FirstLevelOutcome, SecondLevelOutcome } from './campaign-decision.js';
import type { ItemState } from './campaign-progress.js';
import { isOwnAccess } from './campaign-reviewers.js';

/** What a reviewer asks to record. */
export type DecisionRequest =
  | { level: 1; outcome: FirstLevelOutcome; justification: string }
  | { level: 2; outcome: SecondLevelOutcome; justification: string };

/** Why a decision is refused; `kind` lets the page and the CLI say it in their own words. */
export type Refusal = {
  kind: 'sealed' | 'not-a-reviewer' | 'self-review' | 'justification' | 'state' | 'same-reviewer';
  reason: string;
};

/** Fewest characters a required justification must have (after trimming). */
export const MIN_JUSTIFICATION = 10;

const principalOf = (item: CampaignItem) => ({
  kind: item.principal.kind,
  id: item.principal.id,
  loginIds: item.principal.kind === 'user' ? item.principal.label.split('; ').filter(Boolean) : [],
  boundUserId: item.principal.boundUserId,
});

/** The reviewer granted this role or created this key: deciding on it needs a reason. */
export function isSelfRelated(item: CampaignItem, reviewer: Reviewer): boolean {
  const names = (value: string) =>
    value !== '' &&
    ((reviewer.userId !== '' && value === reviewer.userId) || sameLogin(value, reviewer.loginId));
  return names(item.grantedBy) || (item.principal.kind === 'key' && names(item.principal.createdBy));
}

/**
 * The campaign's rules for one decision, the same for the review page and `npm run attest`:
 * nobody decides on their own access; only a reviewer the item names decides it, once (until a
 * second level rejects it); keeping a privileged role, changing a role and deciding on anything
 * the reviewer granted or created need a justification; a second-level reviewer approves or
 * rejects someone else's decision, and a rejection needs a justification. `undefined`: allowed.
 */
export function checkDecision(
  campaign: Campaign,
  item: CampaignItem,
  state: ItemState,
  reviewer: Reviewer,
  request: DecisionRequest,
  sealed: boolean,
): Refusal | undefined {
  if (sealed) return { kind: 'sealed', reason: 'The campaign is sealed: every item was decided.' };
  if (isOwnAccess(principalOf(item), reviewer))
    return {
      kind: 'self-review',
      reason: 'Self-review is not allowed: this item is your own access. Another reviewer decides it.',
    };
  const justified = request.justification.trim().length >= MIN_JUSTIFICATION;
  const needReason = (why: string): Refusal => ({
    kind: 'justification',
    reason: `A justification of at least ${MIN_JUSTIFICATION} characters is required ${why}.`,
  });
  if (request.level === 1) {
    if (!item.reviewers.some((r) => sameLogin(r, reviewer.loginId)))
      return { kind: 'not-a-reviewer', reason: 'You are not a reviewer of this item.' };
    if (state.state !== 'pending') return { kind: 'state', reason: 'This item is already decided.' };
    if (!justified) {
      if (request.outcome === 'keep' && item.privileged) return needReason('to keep a privileged role');
      if (request.outcome === 'change') return needReason('to say what changes');
      if (isSelfRelated(item, reviewer)) return needReason('for an item you granted or created');
    }
    return undefined;
  }
  if (!campaign.secondLevel?.reviewers.some((r) => r.userId !== '' && r.userId === reviewer.userId))
    return { kind: 'not-a-reviewer', reason: 'You are not a second-level reviewer of this campaign.' };
  if (state.state !== 'awaiting-approval')
    return { kind: 'state', reason: 'This item has no decision awaiting approval.' };
  if (state.decision.reviewer.userId === reviewer.userId)
    return {
      kind: 'same-reviewer',
      reason: 'The second level must be someone other than the first reviewer.',
    };
  if (!justified) {
    if (request.outcome === 'reject') return needReason('to reject a decision');
    if (isSelfRelated(item, reviewer)) return needReason('for an item you granted or created');
  }
  return undefined;
}
