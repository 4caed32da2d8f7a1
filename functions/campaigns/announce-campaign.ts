import type { CampaignStore } from '../adapters/campaign-store.js';
import type { Campaign } from '../core/access/campaign.js';
import { emailAddresses } from '../core/access/email-addresses.js';
import { formatInstant } from '../core/view/format.js';
import { type CampaignMail, sendOnce } from './campaign-notices.js';

/** Tells every reviewer (and the second level) that a campaign opened, once. */
export async function announceCampaign(
  store: CampaignStore,
  mail: CampaignMail,
  campaign: Campaign,
  now: number,
): Promise<boolean> {
  const to = emailAddresses(
    [...campaign.reviewers, ...(campaign.secondLevel?.reviewers ?? [])].map((r) => r.loginId),
  );
  const due = formatInstant(Date.parse(campaign.dueAt));
  const count = (loginId: string) =>
    campaign.items.filter((i) => i.reviewers.some((r) => r.toLowerCase() === loginId.toLowerCase())).length;
  return sendOnce(
    store,
    mail,
    campaign.id,
    'opened',
    to,
    {
      subject: `Access review ${campaign.id}: your decisions are needed by ${due}`,
      heading: `Access review ${campaign.id} is open`,
      intro: `Decide for each role whether it is kept, revoked or changed, by ${due}. Snapshot of ${campaign.snapshot.period}; ${campaign.items.length} items.`,
      lines: [
        ...campaign.reviewers.map((r) => `${r.loginId}: ${count(r.loginId)} items`),
        ...(campaign.secondLevel
          ? [
              `Second level: ${campaign.secondLevel.reviewers.map((r) => r.loginId).join(', ')} approve each decision`,
            ]
          : []),
      ],
      link: `${mail.pageUrl}campaigns/${campaign.id}`,
      linkText: 'Open the review',
    },
    now,
  );
}
