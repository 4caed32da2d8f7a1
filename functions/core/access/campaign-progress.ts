import type { Campaign, CampaignItem } from './campaign.js';
import type { DecisionRecord } from './campaign-decision.js';

/** Where one item stands, folded from its decision records in sequence order. */
export type ItemState =
  | { state: 'pending'; history: DecisionRecord[]; rejected?: DecisionRecord }
  | { state: 'awaiting-approval'; history: DecisionRecord[]; decision: DecisionRecord }
  | { state: 'final'; history: DecisionRecord[]; decision: DecisionRecord; approval?: DecisionRecord };

/**
 * Folds an item's records: a first-level decision is final at once without a second level, else
 * it awaits approval; an approval makes it final, a rejection sends the item back to pending.
 * Records are expected in sequence order (the store names them so).
 */
export function foldItem(
  campaign: Pick<Campaign, 'secondLevel'>,
  records: readonly DecisionRecord[],
): ItemState {
  const history = [...records].sort((a, b) => a.sequence - b.sequence);
  let state: ItemState = { state: 'pending', history };
  for (const record of history) {
    if (record.level === 1) {
      state = campaign.secondLevel
        ? { state: 'awaiting-approval', history, decision: record }
        : { state: 'final', history, decision: record };
    } else if (state.state === 'awaiting-approval') {
      state =
        record.outcome === 'approve'
          ? { state: 'final', history, decision: state.decision, approval: record }
          : { state: 'pending', history, rejected: record };
    }
  }
  return state;
}

/** Counts of a campaign's items by state. */
export interface CampaignProgress {
  items: number;
  pending: number;
  awaitingApproval: number;
  final: number;
  /** Final decisions by outcome. */
  keep: number;
  revoke: number;
  change: number;
  complete: boolean;
}

export function campaignProgress(
  campaign: Campaign,
  states: ReadonlyMap<string, ItemState>,
): CampaignProgress {
  const progress: CampaignProgress = {
    items: campaign.items.length,
    pending: 0,
    awaitingApproval: 0,
    final: 0,
    keep: 0,
    revoke: 0,
    change: 0,
    complete: false,
  };
  for (const item of campaign.items) {
    const state = states.get(item.id) ?? { state: 'pending', history: [] };
    if (state.state === 'pending') progress.pending += 1;
    else if (state.state === 'awaiting-approval') progress.awaitingApproval += 1;
    else {
      progress.final += 1;
      const outcome = state.decision.outcome;
      if (outcome === 'keep' || outcome === 'revoke' || outcome === 'change') progress[outcome] += 1;
    }
  }
  progress.complete = progress.final === progress.items;
  return progress;
}

/** Items a reviewer still has to act on: first-level items they are named on, or approvals. */
export function openItemsOf(
  campaign: Campaign,
  states: ReadonlyMap<string, ItemState>,
  loginId: string,
): { decide: CampaignItem[]; approve: CampaignItem[] } {
  const key = loginId.trim().toLowerCase();
  const named = (item: CampaignItem) => item.reviewers.some((r) => r.trim().toLowerCase() === key);
  const second = campaign.secondLevel?.reviewers.some((r) => r.loginId.trim().toLowerCase() === key) ?? false;
  const decide: CampaignItem[] = [];
  const approve: CampaignItem[] = [];
  for (const item of campaign.items) {
    const state = states.get(item.id)?.state ?? 'pending';
    if (state === 'pending' && named(item)) decide.push(item);
    if (state === 'awaiting-approval' && second) approve.push(item);
  }
  return { decide, approve };
}
