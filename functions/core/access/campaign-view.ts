import { formatInstant } from '../view/format.js';
import { CAMPAIGN_REPORT_FILES, type CampaignReview } from './campaign-summary.js';

/** The report's "Access review campaigns" lines: ready-made strings, escaped by the template. */
export interface CampaignsView {
  shown: boolean;
  rows: Array<{ id: string; scope: string; state: string; progress: string; due: string }>;
  remediation: Array<{ campaign: string; principal: string; role: string; state: string; detail: string }>;
  notes: string;
  files: { summary: string; remediation: string };
}

const files = { summary: CAMPAIGN_REPORT_FILES.summary, remediation: CAMPAIGN_REPORT_FILES.remediation };
export const NO_CAMPAIGNS: CampaignsView = { shown: false, rows: [], remediation: [], notes: '', files };

export function buildCampaignsView(review: CampaignReview | undefined): CampaignsView {
  if (!review) return NO_CAMPAIGNS;
  return {
    shown: true,
    rows: review.campaigns.map((c) => ({
      id: c.id,
      scope: c.scope,
      state: c.state === 'sealed' ? `sealed (seal.json SHA-256 ${c.sealSha256 ?? ''})` : c.state,
      progress: `${c.progress.final} of ${c.progress.items} decided (keep ${c.progress.keep}, revoke ${c.progress.revoke}, change ${c.progress.change}); ${c.progress.awaitingApproval} awaiting approval`,
      due: formatInstant(Date.parse(c.dueAt)),
    })),
    remediation: review.campaigns.flatMap((c) =>
      c.remediation.map((e) => {
        const label = review.labels.get(`${e.campaignId}/${e.itemId}`);
        return {
          campaign: c.id,
          principal: label?.principal ?? e.itemId,
          role: `${label?.role ?? ''}${label?.tenant ? ` in tenant ${label.tenant}` : ''}`,
          state: e.state,
          detail: [e.event, e.detail].filter(Boolean).join(': '),
        };
      }),
    ),
    notes: [
      ...(review.campaigns.length === 0 ? ['No campaign is open or has a revocation to follow up.'] : []),
      ...(review.opened ? [`Campaign ${review.opened} opened with this report.`] : []),
      ...review.notes,
    ].join(' '),
    files,
  };
}
