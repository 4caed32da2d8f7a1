import type { AuditSearchApi } from '../../adapters/audit-search-api.js';
import type { CampaignStore } from '../../adapters/campaign-store.js';
import type { RoleRemover } from '../../adapters/descope-role-remover.js';
import type { Mailer } from '../../adapters/mailer.js';
import type { ManifestSigner, SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { ReviewerLookup } from '../../adapters/reviewer-lookup.js';
import type { AccessReview } from '../../core/access/access-review.js';
import type { DirectoryRead } from '../../core/access/build-access-snapshot.js';
import type { CampaignSettings } from '../../core/access/campaign-settings.js';
import type { CampaignReview } from '../../core/access/campaign-summary.js';
import type { HygieneSettings } from '../../core/access/hygiene-findings.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { reviewCampaigns } from './campaign-cycle.js';
import { openScheduledCampaign } from './open-scheduled-campaign.js';

/** `accessReview.campaigns` of the run. */
export interface CampaignRunSettings {
  settings: CampaignSettings;
  /** The review page's URL, for the emails' links. */
  pageUrl: string;
}

/** What the run needs for campaigns besides its own searches, store and mailer. */
export interface CampaignRunDeps {
  store: CampaignStore;
  /** The key that signs decisions (its public half checks them). */
  attestationKey: { key(): Promise<SigningKeyInfo> };
  reviewers: ReviewerLookup;
  /** Only called for campaigns set to `remediation: "apply"`. */
  remover?: RoleRemover;
}

export interface CampaignPhaseContext {
  projectId: string;
  period: ReportPeriod;
  now: number;
  sender: string;
  recipients: readonly string[];
  maxResultWindow: number;
  search: AuditSearchApi;
  mailer?: Mailer;
  /** The report signer: it seals complete campaigns and vouches for the snapshot campaigns open on. */
  signer?: ManifestSigner;
}

/** Before the report is assembled: the campaigns' follow-up it shows. */
export async function followUpCampaigns(
  run: CampaignRunSettings,
  deps: CampaignRunDeps,
  context: CampaignPhaseContext,
  directory: DirectoryRead | undefined,
): Promise<CampaignReview> {
  const attestation = await deps.attestationKey.key();
  return reviewCampaigns(
    {
      projectId: context.projectId,
      settings: run.settings,
      period: context.period,
      now: context.now,
      directory,
      maxResultWindow: context.maxResultWindow,
      recipients: context.recipients,
    },
    {
      store: deps.store,
      search: context.search,
      decisionKeys: new Map([[attestation.fingerprint, attestation.publicKeyPem]]),
      sealer: context.signer,
      mail: context.mailer
        ? { mailer: context.mailer, sender: context.sender, pageUrl: run.pageUrl }
        : undefined,
      remover: deps.remover,
    },
  );
}

/** After the report is stored and signed: opens the campaign the cadence asks for, if any. */
export async function openDueCampaign(
  run: CampaignRunSettings,
  deps: CampaignRunDeps,
  context: CampaignPhaseContext,
  reports: Pick<ReportStore, 'get'>,
  review: AccessReview | undefined,
  hygiene: HygieneSettings,
): Promise<string | undefined> {
  if (!context.signer) return undefined;
  return openScheduledCampaign(
    {
      projectId: context.projectId,
      period: context.period.label,
      settings: run.settings,
      hygiene,
      review,
      now: context.now,
    },
    {
      reports,
      campaigns: deps.store,
      reportKey: await context.signer.key(),
      reviewers: deps.reviewers,
      mail: context.mailer
        ? { mailer: context.mailer, sender: context.sender, pageUrl: run.pageUrl }
        : undefined,
    },
  );
}

/** The run's campaign steps, bound to its settings and dependencies. */
export interface CampaignPhase {
  followUp(directory: DirectoryRead | undefined): Promise<CampaignReview | undefined>;
  openDue(reports: Pick<ReportStore, 'get'>, review: AccessReview | undefined): Promise<string | undefined>;
}

/**
 * The campaign phase of a weekly run, or `undefined` when campaigns are off: the follow-up runs
 * once the directory is read (before the reports are assembled), the cadence's new campaign once
 * the report is stored and signed.
 */
export function campaignPhaseOf(
  input: Omit<CampaignPhaseContext, 'search' | 'mailer' | 'signer'> & {
    campaigns?: CampaignRunSettings;
    accessReview?: HygieneSettings & { enabled: boolean };
  },
  deps: {
    campaigns?: CampaignRunDeps;
    search: AuditSearchApi;
    mailer?: Mailer;
    sealing?: { signer?: ManifestSigner };
  },
): CampaignPhase | undefined {
  const { campaigns: run, accessReview } = input;
  const campaignDeps = deps.campaigns;
  if (!run || !campaignDeps || !accessReview?.enabled) return undefined;
  const context: CampaignPhaseContext = {
    projectId: input.projectId,
    period: input.period,
    now: input.now,
    sender: input.sender,
    recipients: input.recipients,
    maxResultWindow: input.maxResultWindow,
    search: deps.search,
    mailer: deps.mailer,
    signer: deps.sealing?.signer,
  };
  return {
    followUp: (directory) =>
      directory ? followUpCampaigns(run, campaignDeps, context, directory) : Promise.resolve(undefined),
    openDue: (reports, review) => openDueCampaign(run, campaignDeps, context, reports, review, accessReview),
  };
}
