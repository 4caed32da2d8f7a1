import { capFindings, type Finding, type RuleOutcome } from '../findings/finding.js';
import type { QueryTable } from '../report/report-model.js';
import { formatInstant } from '../view/format.js';
import { ACCESS_SECTION } from './access-controls.js';
import type { Campaign } from './campaign.js';
import type { CampaignProgress } from './campaign-progress.js';
import type { RemediationEntry } from './remediation.js';

/** The report's files about campaigns, relative to the report folder. */
export const CAMPAIGN_REPORT_FILES = {
  summary: 'access/campaigns.json',
  remediation: 'access/remediation.csv',
} as const;

/** One campaign as the weekly run found it. */
export interface CampaignStatus {
  id: string;
  scope: string;
  createdAt: string;
  dueAt: string;
  state: 'open' | 'complete' | 'sealed';
  progress: CampaignProgress;
  /** SHA-256 of `seal.json` once sealed. */
  sealSha256: string | null;
  remediation: RemediationEntry[];
}

/** What the weekly run did with campaigns and what it found (`access/campaigns.json`). */
export interface CampaignReview {
  campaigns: CampaignStatus[];
  /** Campaign opened by this run (it shows in the next report with its progress). */
  opened: string | null;
  notes: string[];
  /** Item labels for remediation rows and findings, keyed by `<campaign>/<item>`. */
  labels: ReadonlyMap<string, { principal: string; role: string; tenant: string }>;
  /** `campaignFindings` as of the run. */
  findings: RuleOutcome[];
}

const where = (tenant: string) => (tenant ? `in tenant ${tenant}` : '(project-wide)');

/** The campaign findings: campaigns past due with items undecided, revocations outside the trail or overdue. */
export function campaignFindings(review: Omit<CampaignReview, 'findings'>, now: number): RuleOutcome[] {
  const overdueCampaigns: Finding[] = review.campaigns
    .filter((c) => c.state === 'open' && Date.parse(c.dueAt) < now)
    .map((c) => ({
      rule: 'review-campaign-overdue',
      severity: 'medium',
      title: `Access review campaign ${c.id} is past its due date`,
      detail: `Due ${formatInstant(Date.parse(c.dueAt))}; ${c.progress.pending} of ${c.progress.items} items undecided, ${c.progress.awaitingApproval} awaiting second-level approval.`,
      section: ACCESS_SECTION,
      subject: c.id,
    }));
  const entries = review.campaigns.flatMap((c) => c.remediation);
  const label = (e: RemediationEntry) =>
    review.labels.get(`${e.campaignId}/${e.itemId}`) ?? { principal: e.itemId, role: '', tenant: '' };
  const outside: Finding[] = entries
    .filter((e) => e.state === 'outside-trail')
    .map((e) => {
      const l = label(e);
      return {
        rule: 'revocation-outside-audit-trail',
        severity: 'high',
        title: `Change outside the audit trail: ${l.role} ${where(l.tenant)} of ${l.principal}`,
        detail: `Campaign ${e.campaignId} decided to ${e.outcome} it; ${e.detail}.`,
        section: ACCESS_SECTION,
        subject: `${e.campaignId}/${e.itemId}`,
      };
    });
  const overdue: Finding[] = entries
    .filter((e) => e.state === 'overdue')
    .map((e) => {
      const l = label(e);
      return {
        rule: 'revocation-overdue',
        severity: 'high',
        title: `Revocation overdue: ${l.role} ${where(l.tenant)} of ${l.principal}`,
        detail: `Campaign ${e.campaignId} decided to ${e.outcome} it on ${formatInstant(Date.parse(e.finalAt))}; ${e.detail}.${e.escalatedAt ? ` Escalated ${formatInstant(Date.parse(e.escalatedAt))}.` : ''}`,
        section: ACCESS_SECTION,
        subject: `${e.campaignId}/${e.itemId}`,
      };
    });
  const file = CAMPAIGN_REPORT_FILES.remediation;
  return [
    {
      rule: 'review-campaign-overdue',
      description: 'Access review campaigns past their due date with items undecided or awaiting approval.',
      status: 'evaluated',
      findings: capFindings(overdueCampaigns, CAMPAIGN_REPORT_FILES.summary),
    },
    {
      rule: 'revocation-outside-audit-trail',
      description:
        'Roles a campaign decided to revoke that left the directory with no audit event recording their removal.',
      status: 'evaluated',
      findings: capFindings(outside, file),
    },
    {
      rule: 'revocation-overdue',
      description:
        "Roles a campaign decided to revoke that are still held after the campaign's remediation window.",
      status: 'evaluated',
      findings: capFindings(overdue, file),
    },
  ];
}

/** `access/remediation.csv`: every followed-up revocation and its state. */
export function remediationTable(review: CampaignReview): QueryTable {
  const rows = review.campaigns.flatMap((c) =>
    c.remediation.map((e) => {
      const l = review.labels.get(`${e.campaignId}/${e.itemId}`);
      return [
        e.campaignId,
        e.itemId,
        l?.principal ?? '',
        l?.role ?? '',
        l?.tenant ?? '',
        e.outcome,
        e.finalAt,
        e.deadline,
        e.state,
        e.event,
        e.detail,
        e.escalatedAt ?? '',
        e.appliedAt ?? '',
      ];
    }),
  );
  return {
    columns: [
      'campaign',
      'item_id',
      'principal',
      'role',
      'tenant',
      'decision',
      'final_at',
      'deadline',
      'state',
      'event',
      'detail',
      'escalated_at',
      'applied_at',
    ],
    rows,
  };
}

/** `access/campaigns.json`: stable key order, a trailing newline. */
export function renderCampaignReview(review: CampaignReview): string {
  const { labels: _labels, findings: _findings, ...rest } = review;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

/** A campaign's scope for people. */
export const scopeLabel = (campaign: Pick<Campaign, 'scope'>) =>
  campaign.scope.kind === 'tenant' ? `tenant ${campaign.scope.tenantId}` : 'project';
