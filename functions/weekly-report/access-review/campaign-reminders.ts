import type { CampaignStore } from '../../adapters/campaign-store.js';
import type { CampaignMail } from '../../campaigns/campaign-notices.js';
import { sendOnce } from '../../campaigns/campaign-notices.js';
import type { LoadedCampaign } from '../../campaigns/load-campaign.js';
import { campaignProgress, openItemsOf } from '../../core/access/campaign-progress.js';
import { emailAddresses as emails } from '../../core/access/email-addresses.js';
import type { RemediationEntry } from '../../core/access/remediation.js';
import { formatInstant } from '../../core/view/format.js';

const DAY_MS = 86_400_000;

/** Who an escalation goes to: the second level, else the campaign's escalation list, else the report's recipients. */
export function escalationRecipients(loaded: LoadedCampaign, fallback: readonly string[]): string[] {
  const second = emails(loaded.campaign.secondLevel?.reviewers.map((r) => r.loginId) ?? []);
  if (second.length > 0) return second;
  const listed = emails(loaded.campaign.escalation);
  return listed.length > 0 ? listed : emails(fallback);
}

/**
 * The campaign's reminder (`reminderDays` before the due date, to reviewers with items left) and
 * escalation (after it, while items are open). Each is sent once per campaign.
 */
export async function remindReviewers(
  store: CampaignStore,
  mail: CampaignMail,
  loaded: LoadedCampaign,
  options: { now: number; reminderDays: number; fallback: readonly string[] },
): Promise<string[]> {
  const { campaign, states } = loaded;
  const progress = campaignProgress(campaign, states);
  if (progress.complete) return [];
  const due = Date.parse(campaign.dueAt);
  const link = `${mail.pageUrl}campaigns/${campaign.id}`;
  const sent: string[] = [];
  if (options.now >= due - options.reminderDays * DAY_MS && options.now < due) {
    const waiting = [...campaign.reviewers, ...(campaign.secondLevel?.reviewers ?? [])].filter((r) => {
      const open = openItemsOf(campaign, states, r.loginId);
      return open.decide.length + open.approve.length > 0;
    });
    const view = {
      subject: `Reminder: access review ${campaign.id} is due ${formatInstant(due)}`,
      heading: `Access review ${campaign.id} is due ${formatInstant(due)}`,
      intro: `${progress.pending} items are undecided and ${progress.awaitingApproval} await approval.`,
      lines: [],
      link,
      linkText: 'Open the review',
    };
    if (
      await sendOnce(
        store,
        mail,
        campaign.id,
        'reminder',
        emails(waiting.map((r) => r.loginId)),
        view,
        options.now,
      )
    )
      sent.push('reminder');
  }
  if (options.now >= due) {
    const view = {
      subject: `Overdue: access review ${campaign.id} was due ${formatInstant(due)}`,
      heading: `Access review ${campaign.id} is past its due date`,
      intro: `${progress.pending} of ${progress.items} items are undecided and ${progress.awaitingApproval} await approval.`,
      lines: campaign.reviewers.map(
        (r) => `${r.loginId}: ${openItemsOf(campaign, states, r.loginId).decide.length} left`,
      ),
      link,
      linkText: 'Open the review',
    };
    if (
      await sendOnce(
        store,
        mail,
        campaign.id,
        'escalation',
        escalationRecipients(loaded, options.fallback),
        view,
        options.now,
      )
    )
      sent.push('escalation');
  }
  return sent;
}

/** Escalates each overdue revocation once; returns the entries with `escalatedAt` set where sent. */
export async function escalateOverdue(
  store: CampaignStore,
  mail: CampaignMail,
  loaded: LoadedCampaign,
  entries: RemediationEntry[],
  options: { now: number; fallback: readonly string[] },
): Promise<RemediationEntry[]> {
  const out: RemediationEntry[] = [];
  for (const entry of entries) {
    if (entry.state !== 'overdue' || entry.escalatedAt) {
      out.push(entry);
      continue;
    }
    const item = loaded.campaign.items.find((i) => i.id === entry.itemId);
    const view = {
      subject: `Revocation overdue: ${item?.role ?? ''} of ${item?.principal.label || item?.principal.id || entry.itemId}`,
      heading: 'A revocation decided in an access review has not happened',
      intro: `Campaign ${loaded.campaign.id} decided to ${entry.outcome} this role on ${formatInstant(Date.parse(entry.finalAt))}; the deadline was ${formatInstant(Date.parse(entry.deadline))}.`,
      lines: [
        `${item?.principal.label || item?.principal.id || ''}: ${item?.role ?? ''}${item?.tenantId ? ` in tenant ${item.tenantId}` : ' (project-wide)'}`,
        entry.detail,
      ],
      link: `${mail.pageUrl}campaigns/${loaded.campaign.id}`,
      linkText: 'Open the campaign',
    };
    const sent = await sendOnce(
      store,
      mail,
      loaded.campaign.id,
      `overdue:${entry.itemId}`,
      escalationRecipients(loaded, options.fallback),
      view,
      options.now,
    );
    out.push(sent ? { ...entry, escalatedAt: new Date(options.now).toISOString() } : entry);
  }
  return out;
}
