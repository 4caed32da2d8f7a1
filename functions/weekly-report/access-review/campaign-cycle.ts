import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import type { CampaignStore } from '../../adapters/campaign-store.js';
import type { RoleRemover } from '../../adapters/descope-role-remover.js';
import type { ManifestSigner } from '../../adapters/manifest-signer.js';
import type { CampaignMail } from '../../campaigns/campaign-notices.js';
import { type LoadedCampaign, loadCampaign, type TrustedKeys } from '../../campaigns/load-campaign.js';
import { sealCampaign } from '../../campaigns/seal-campaign.js';
import type { DirectoryRead } from '../../core/access/build-access-snapshot.js';
import { CAMPAIGNS_PREFIX } from '../../core/access/campaign-files.js';
import { campaignProgress } from '../../core/access/campaign-progress.js';
import type { CampaignSettings } from '../../core/access/campaign-settings.js';
import {
  type CampaignReview,
  type CampaignStatus,
  campaignFindings,
  scopeLabel,
} from '../../core/access/campaign-summary.js';
import { isSettled } from '../../core/access/remediation.js';
import type { ReportPeriod } from '../../core/period/period.js';
import {
  applyRevocations,
  followUpRevocations,
  openRevocations,
  saveRemediation,
} from './campaign-follow-up.js';
import { holdingsOf } from './campaign-holdings.js';
import { escalateOverdue, remindReviewers } from './campaign-reminders.js';
import { readRemovalTrail } from './campaign-trail.js';

const DAY_MS = 86_400_000;
/** Descope keeps audit events 30 days; the removal search starts a little inside that. */
const SEARCHABLE_MS = 30 * DAY_MS - 60 * 60_000;

export interface CampaignCycleInput {
  projectId: string;
  settings: CampaignSettings;
  period: ReportPeriod;
  now: number;
  /** This run's directory read: who holds which role now. */
  directory: DirectoryRead | undefined;
  maxResultWindow: number;
  /** Escalations go here when a campaign names no second level or escalation list. */
  recipients: readonly string[];
}

export interface CampaignCycleDeps {
  store: CampaignStore;
  search: AuditSearchApi;
  /** Keys whose decision records count (the attestation key). */
  decisionKeys: TrustedKeys;
  /** Seals complete campaigns (the report signing key); without it they stay unsealed. */
  sealer?: ManifestSigner;
  mail?: CampaignMail;
  /** Removes approved revocations when a campaign says `remediation: "apply"`. */
  remover?: RoleRemover;
}

const campaignIdOfKey = (key: string) => /^access\/campaigns\/([^/]+)\/campaign\.json$/.exec(key)?.[1];

/** Every stored campaign of the project, read and checked. */
export async function loadCampaigns(
  store: CampaignStore,
  projectId: string,
  trusted: TrustedKeys,
): Promise<LoadedCampaign[]> {
  const ids = (await store.list(CAMPAIGNS_PREFIX))
    .map(campaignIdOfKey)
    .filter((id): id is string => id !== undefined);
  const loaded: LoadedCampaign[] = [];
  for (const id of ids) {
    const campaign = await loadCampaign(store, id, trusted);
    if (campaign.campaign.projectId === projectId) loaded.push(campaign);
  }
  return loaded;
}

/**
 * The weekly follow-up of every campaign still in play (open, or with revocations not settled):
 * approved revocations applied when the campaign says so, every final revocation checked against
 * this run's directory and the removal events since the campaign's snapshot, overdue ones
 * escalated once, complete campaigns sealed, reminders and the due-date escalation sent. Returns
 * what the report shows (`access/campaigns.json`, remediation findings).
 */
export async function reviewCampaigns(
  input: CampaignCycleInput,
  deps: CampaignCycleDeps,
): Promise<CampaignReview> {
  const notes: string[] = [];
  const all = await loadCampaigns(deps.store, input.projectId, deps.decisionKeys);
  const active = all.filter((c) => !c.sealed || openRevocations(c).length > 0);
  for (const c of active) notes.push(...c.problems.map((p) => `${c.campaign.id}: ${p}`));
  const holds = holdingsOf(input.directory);
  const applied = new Map<string, ReadonlyMap<string, number>>();
  for (const c of active)
    applied.set(c.campaign.id, await applyRevocations(c, deps.remover, holds, input.now, notes));
  const open = active.filter((c) => openRevocations(c).length > 0);
  const earliest = Math.min(...open.map((c) => c.campaign.snapshot.periodEnd), input.now);
  const trailFrom = Math.max(earliest, input.now - SEARCHABLE_MS);
  const trail =
    open.length > 0
      ? await readRemovalTrail(deps.search, { from: trailFrom, to: input.now }, input.maxResultWindow)
      : { records: [], gaps: [] };
  notes.push(...trail.gaps.map((g) => `removal events not read: ${g}`));
  const statuses: CampaignStatus[] = [];
  const labels = new Map<string, { principal: string; role: string; tenant: string }>();
  for (const c of active) {
    let entries = followUpRevocations(c, {
      holds,
      removals: trail.records,
      trailFrom,
      trailComplete: trail.gaps.length === 0,
      applied: applied.get(c.campaign.id) ?? new Map(),
      now: input.now,
      period: input.period.label,
    });
    if (deps.mail)
      entries = await escalateOverdue(deps.store, deps.mail, c, entries, {
        now: input.now,
        fallback: input.recipients,
      });
    await saveRemediation(deps.store, c, entries);
    // decisions.csv carries each revocation's state as this run found it.
    const current = { ...c, remediation: new Map(entries.map((e) => [e.itemId, e])) };
    const sealSha256 = deps.sealer
      ? await sealCampaign(deps.store, deps.sealer, current, input.now)
      : undefined;
    if (!deps.sealer && campaignProgress(c.campaign, c.states).complete)
      notes.push(`${c.campaign.id}: complete, but not sealed: no signing key`);
    if (deps.mail && !sealSha256)
      await remindReviewers(deps.store, deps.mail, c, {
        now: input.now,
        reminderDays: input.settings.reminderDaysBeforeDue,
        fallback: input.recipients,
      });
    for (const item of c.campaign.items)
      labels.set(`${c.campaign.id}/${item.id}`, {
        principal: item.principal.label || item.principal.id,
        role: item.role,
        tenant: item.tenantId,
      });
    const progress = campaignProgress(c.campaign, c.states);
    statuses.push({
      id: c.campaign.id,
      scope: scopeLabel(c.campaign),
      createdAt: c.campaign.createdAt,
      dueAt: c.campaign.dueAt,
      state: sealSha256 ? 'sealed' : progress.complete ? 'complete' : 'open',
      progress,
      sealSha256: sealSha256 ?? null,
      remediation: entries.filter((e) => !isSettled(e.state) || e.checkedIn === input.period.label),
    });
  }
  const review = { campaigns: statuses, opened: null, notes, labels };
  return { ...review, findings: campaignFindings(review, input.now) };
}
