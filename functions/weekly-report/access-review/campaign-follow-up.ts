import type { CampaignStore } from '../../adapters/campaign-store.js';
import type { RoleRemover } from '../../adapters/descope-role-remover.js';
import type { LoadedCampaign } from '../../campaigns/load-campaign.js';
import type { CampaignItem } from '../../core/access/campaign.js';
import { campaignKeys } from '../../core/access/campaign-files.js';
import type { ItemState } from '../../core/access/campaign-progress.js';
import {
  checkRemediation,
  findRemovalEvent,
  isSettled,
  type RemediationEntry,
} from '../../core/access/remediation.js';
import { renderRemediation } from '../../core/access/remediation-file.js';
import type { AuditRecord } from '../../core/records/audit-record.js';

/** A final revoke or change, with when it became final. */
export interface FinalRevocation {
  item: CampaignItem;
  outcome: 'revoke' | 'change';
  finalAt: number;
  approved: boolean;
}

/** Final decisions that remove or change a role. */
export function finalRevocations(loaded: LoadedCampaign): FinalRevocation[] {
  return loaded.campaign.items.flatMap((item) => {
    const state: ItemState | undefined = loaded.states.get(item.id);
    if (state?.state !== 'final') return [];
    const outcome = state.decision.outcome;
    if (outcome !== 'revoke' && outcome !== 'change') return [];
    const at = state.approval?.decidedAt ?? state.decision.decidedAt;
    return [{ item, outcome, finalAt: Date.parse(at), approved: state.approval !== undefined }];
  });
}

/** Still to follow up: final revocations whose remediation is not settled. */
export const openRevocations = (loaded: LoadedCampaign) =>
  finalRevocations(loaded).filter((r) => !isSettled(loaded.remediation.get(r.item.id)?.state ?? 'open'));

/**
 * With `remediation: "apply"`, removes each approved revocation's role that is still held and was
 * not removed before (users only). Returns when each was applied; the trail read afterwards is
 * still what proves it.
 */
export async function applyRevocations(
  loaded: LoadedCampaign,
  remover: RoleRemover | undefined,
  holds: (item: CampaignItem) => boolean | undefined,
  now: number,
  notes: string[],
): Promise<Map<string, number>> {
  const applied = new Map<string, number>();
  if (loaded.campaign.remediation !== 'apply' || !remover) return applied;
  for (const r of openRevocations(loaded)) {
    if (r.outcome !== 'revoke' || !r.approved || holds(r.item) !== true) continue;
    if (loaded.remediation.get(r.item.id)?.appliedAt) continue;
    if (await remover.removeRole(r.item)) applied.set(r.item.id, now);
    else
      notes.push(
        `${loaded.campaign.id}: ${r.item.principal.label || r.item.principal.id} is an access key: remove ${r.item.role} by hand`,
      );
  }
  return applied;
}

export interface FollowUpContext {
  holds: (item: CampaignItem) => boolean | undefined;
  removals: readonly AuditRecord[];
  /** The trail was searchable from here on (Descope's retention, the window read). */
  trailFrom: number;
  /** The search for removals had gaps: a role gone without an event is then not proven outside the trail. */
  trailComplete: boolean;
  applied: ReadonlyMap<string, number>;
  now: number;
  period: string;
}

/** Checks every final revocation of a campaign against the directory just read and the removal events. */
export function followUpRevocations(loaded: LoadedCampaign, context: FollowUpContext): RemediationEntry[] {
  const { campaign } = loaded;
  const searchedFrom = campaign.snapshot.periodEnd;
  return finalRevocations(loaded).map((r) => {
    const previous = loaded.remediation.get(r.item.id);
    const appliedAt = context.applied.get(r.item.id);
    const entry = checkRemediation({
      campaignId: campaign.id,
      item: r.item,
      outcome: r.outcome,
      finalAt: r.finalAt,
      windowDays: campaign.remediationWindowDays,
      previous,
      holds: appliedAt !== undefined ? false : context.holds(r.item),
      evidence: findRemovalEvent(r.item, context.removals, searchedFrom),
      trailFrom: context.trailComplete ? context.trailFrom : Number.POSITIVE_INFINITY,
      searchedFrom,
      now: context.now,
      period: context.period,
    });
    return appliedAt !== undefined && !entry.appliedAt
      ? { ...entry, appliedAt: new Date(appliedAt).toISOString() }
      : entry;
  });
}

/** Stores the states in `remediation.json` when they changed (If-Match over the version read). */
export async function saveRemediation(
  store: CampaignStore,
  loaded: LoadedCampaign,
  entries: readonly RemediationEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const key = campaignKeys(loaded.campaign.id).remediation;
  const rendered = renderRemediation(entries);
  const before = loaded.remediationEtag ? await store.get(key) : undefined;
  if (before && Buffer.from(before).toString('utf8') === rendered) return;
  await store.replace(key, rendered, 'application/json', loaded.remediationEtag);
}
