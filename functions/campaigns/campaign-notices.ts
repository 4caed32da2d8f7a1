import { z } from 'zod';
import type { CampaignStore } from '../adapters/campaign-store.js';
import type { Mailer } from '../adapters/mailer.js';
import { campaignKeys } from '../core/access/campaign-files.js';
import { type CampaignEmailView, campaignEmail } from './campaign-email.js';

const noticesSchema = z.object({
  schemaVersion: z.literal(1),
  sent: z.array(z.tuple([z.string(), z.string()])),
});

/** Where campaign emails go from and link to. */
export interface CampaignMail {
  mailer: Mailer;
  sender: string;
  /** The review page (links point into it). */
  pageUrl: string;
}

/**
 * Sends one campaign email at most once per `kind` (`opened`, `reminder`, `escalation`,
 * `overdue:<item>`): the kind is claimed in `notices.json` with a conditional write first, then
 * the email goes out; a failed send releases the claim (so the next run tries again) and fails
 * the run. Returns whether this call sent it.
 */
export async function sendOnce(
  store: CampaignStore,
  mail: CampaignMail,
  campaignId: string,
  kind: string,
  to: string[],
  view: Omit<CampaignEmailView, 'footer'>,
  now: number,
): Promise<boolean> {
  if (to.length === 0) return false;
  const key = campaignKeys(campaignId).notices;
  const current = await store.getVersioned(key);
  const sent = new Map(readNotices(current?.body));
  if (sent.has(kind)) return false;
  const claimed = new Map(sent).set(kind, new Date(now).toISOString());
  if (!(await store.replace(key, renderNotices(claimed), 'application/json', current?.etag))) return false;
  try {
    await mail.mailer.send(campaignEmail(mail.sender, to, view));
    return true;
  } catch (error) {
    const after = await store.getVersioned(key);
    const release = new Map(readNotices(after?.body));
    release.delete(kind);
    await store.replace(key, renderNotices(release), 'application/json', after?.etag);
    throw error;
  }
}

function readNotices(bytes: Uint8Array | undefined): Array<[string, string]> {
  if (!bytes) return [];
  try {
    const parsed = noticesSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return parsed.success ? parsed.data.sent : [];
  } catch {
    return [];
  }
}

const renderNotices = (sent: Map<string, string>) =>
  `${JSON.stringify({ schemaVersion: 1, sent: [...sent].sort(([a], [b]) => (a < b ? -1 : 1)) }, null, 2)}\n`;
