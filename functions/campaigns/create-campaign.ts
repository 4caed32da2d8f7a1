import type { CampaignStore } from '../adapters/campaign-store.js';
import type { SigningKeyInfo } from '../adapters/manifest-signer.js';
import type { ReviewerLookup } from '../adapters/reviewer-lookup.js';
import type { SnapshotScope } from '../core/access/access-snapshot.js';
import { buildCampaign } from '../core/access/build-campaign.js';
import { type Campaign, renderCampaign } from '../core/access/campaign.js';
import { campaignKeys } from '../core/access/campaign-files.js';
import type { ItemChange } from '../core/access/campaign-items.js';
import { campaignIdOf } from '../core/access/campaign-schedule.js';
import { type CampaignSettings, configuredLoginIds } from '../core/access/campaign-settings.js';
import type { HygieneSettings } from '../core/access/hygiene-findings.js';
import { CampaignError } from './load-campaign.js';
import { readVerifiedSnapshot } from './verified-snapshot.js';

export interface CreateCampaignInput {
  projectId: string;
  /** The report period whose stored snapshot is reviewed (`2026-W47`). */
  period: string;
  scope: SnapshotScope;
  settings: CampaignSettings;
  hygiene: HygieneSettings;
  now: number;
  createdBy: Campaign['createdBy'];
  /** Overrides the due date from the settings (epoch ms). */
  dueAt?: number;
  /** What changed per role since the last review (the weekly run knows; the CLI does not). */
  changes?: ReadonlyMap<string, ItemChange>;
  unchanged?: string;
}

export interface CreateCampaignDeps {
  /** Reads the stored report (manifest, signature, snapshot). */
  reports: { get(key: string): Promise<Uint8Array | undefined> };
  campaigns: CampaignStore;
  /** The key that signs the reports: the snapshot's manifest must verify with it. */
  reportKey: SigningKeyInfo;
  reviewers: ReviewerLookup;
}

/**
 * Opens a campaign: proves the stored snapshot (signed manifest, listed hash, complete), resolves
 * every configured reviewer to their Descope user, builds the items and stores `campaign.json`
 * once (a campaign of the same period and scope already stored is refused, never replaced).
 */
export async function createCampaign(
  deps: CreateCampaignDeps,
  input: CreateCampaignInput,
): Promise<Campaign> {
  const verified = await readVerifiedSnapshot(deps.reports, input, deps.reportKey);
  const users = await deps.reviewers.resolve(configuredLoginIds(input.settings));
  const campaign = buildCampaign({
    id: campaignIdOf(input.period, input.scope),
    snapshot: verified.snapshot,
    source: {
      key: verified.key,
      sha256: verified.sha256,
      manifestSha256: verified.manifestSha256,
      manifestKeyFingerprint: verified.manifestKeyFingerprint,
    },
    settings: input.settings,
    hygiene: input.hygiene,
    users,
    changes: input.changes ?? new Map(),
    unchanged: input.unchanged ?? 'not compared here: the weekly report of the snapshot lists the changes',
    now: input.now,
    createdBy: input.createdBy,
    ...(input.dueAt !== undefined ? { dueAt: input.dueAt } : {}),
  });
  const key = campaignKeys(campaign.id).campaign;
  if (!(await deps.campaigns.create(key, renderCampaign(campaign), 'application/json')))
    throw new CampaignError(
      `Campaign ${campaign.id} exists already (${key}); a stored campaign is never replaced`,
    );
  return campaign;
}
