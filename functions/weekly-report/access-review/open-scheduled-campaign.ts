import type { CampaignStore } from '../../adapters/campaign-store.js';
import type { SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReviewerLookup } from '../../adapters/reviewer-lookup.js';
import { announceCampaign } from '../../campaigns/announce-campaign.js';
import type { CampaignMail } from '../../campaigns/campaign-notices.js';
import { createCampaign } from '../../campaigns/create-campaign.js';
import type { AccessReview } from '../../core/access/access-review.js';
import { parseCampaign } from '../../core/access/campaign.js';
import { changesOfReview } from '../../core/access/campaign-changes.js';
import { CAMPAIGNS_PREFIX } from '../../core/access/campaign-files.js';
import { isCampaignDue } from '../../core/access/campaign-schedule.js';
import type { CampaignSettings } from '../../core/access/campaign-settings.js';
import type { HygieneSettings } from '../../core/access/hygiene-findings.js';

export interface OpenScheduledInput {
  projectId: string;
  period: string;
  settings: CampaignSettings;
  hygiene: HygieneSettings;
  /** This period's project access review (what changed since the previous snapshot). */
  review: AccessReview | undefined;
  now: number;
}

export interface OpenScheduledDeps {
  reports: { get(key: string): Promise<Uint8Array | undefined> };
  campaigns: CampaignStore;
  reportKey: SigningKeyInfo;
  reviewers: ReviewerLookup;
  mail?: CampaignMail;
}

/** When each stored project-wide campaign of the project was created (epoch ms). */
async function projectCampaignsCreated(store: CampaignStore, projectId: string): Promise<number[]> {
  const created: number[] = [];
  for (const key of await store.list(CAMPAIGNS_PREFIX)) {
    if (!key.endsWith('/campaign.json')) continue;
    const bytes = await store.get(key);
    const parsed = bytes ? parseCampaign(bytes) : undefined;
    if (parsed?.ok && parsed.campaign.projectId === projectId && parsed.campaign.scope.kind === 'project')
      created.push(Date.parse(parsed.campaign.createdAt));
  }
  return created;
}

/**
 * After the period's report is stored and signed: when the cadence says a project campaign is due
 * (none created in this calendar quarter, by default), opens one over this period's snapshot and
 * tells its reviewers. Returns the campaign's ID, or `undefined` when none was due.
 */
export async function openScheduledCampaign(
  input: OpenScheduledInput,
  deps: OpenScheduledDeps,
): Promise<string | undefined> {
  if (input.settings.cadence === 'off') return undefined;
  if (
    !isCampaignDue(
      input.settings.cadence,
      input.now,
      await projectCampaignsCreated(deps.campaigns, input.projectId),
    )
  )
    return undefined;
  const changes = input.review ? changesOfReview(input.review) : undefined;
  const campaign = await createCampaign(deps, {
    projectId: input.projectId,
    period: input.period,
    scope: { kind: 'project' },
    settings: input.settings,
    hygiene: input.hygiene,
    now: input.now,
    createdBy: 'schedule',
    changes: changes?.changes,
    unchanged: changes?.unchanged,
  });
  if (deps.mail) await announceCampaign(deps.campaigns, deps.mail, campaign, input.now);
  return campaign.id;
}
