/**
 * Where a campaign lives in the bucket. Everything of campaign `<id>` is under
 * `access/campaigns/<id>/`, outside `reports/`: the review page's role may touch this prefix only.
 */
export const CAMPAIGNS_PREFIX = 'access/campaigns/';

/** Campaign IDs are path segments: letters, digits, `-` and `_` only. */
export const CAMPAIGN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

/** Item IDs are hex digests (see `itemIdOf`). */
export const ITEM_ID = /^[0-9a-f]{16}$/;

export const campaignFolder = (id: string) => `${CAMPAIGNS_PREFIX}${id}/`;

/** The files of one campaign, relative to the bucket. */
export const campaignKeys = (id: string) => {
  const folder = campaignFolder(id);
  return {
    folder,
    /** Frozen at creation: the items, reviewers and the snapshot's hash. Never rewritten. */
    campaign: `${folder}campaign.json`,
    /** Every decision of one item: `<item>/NNN.json`, each holding a record and its signature. */
    decisions: `${folder}decisions/`,
    /** Written when every item is decided (and approved where a second level is set). */
    decisionsCsv: `${folder}decisions.csv`,
    /** The sealed campaign's manifest and its detached signature (the manifest-signing key). */
    seal: `${folder}seal.json`,
    sealSignature: `${folder}seal.sig`,
    /** Which emails were sent (opened, reminder, escalation); replaced with If-Match. */
    notices: `${folder}notices.json`,
    /** The remediation state of each revoke, as the last weekly run found it; replaced with If-Match. */
    remediation: `${folder}remediation.json`,
  };
};

/**
 * `access/campaigns/<id>/decisions/<item>/<NNN>.json`: one signed decision. The record and its
 * signature are one object, created in one conditional write, so a record never exists unsigned.
 */
export const decisionKey = (campaignId: string, itemId: string, sequence: number) =>
  `${campaignKeys(campaignId).decisions}${itemId}/${String(sequence).padStart(3, '0')}.json`;

/** Reads `<item>/<NNN>.json` back from a key under a campaign's `decisions/` folder. */
export function parseDecisionKey(
  campaignId: string,
  key: string,
): { itemId: string; sequence: number } | undefined {
  const prefix = campaignKeys(campaignId).decisions;
  if (!key.startsWith(prefix)) return undefined;
  const match = /^([0-9a-f]{16})\/(\d{3})\.json$/.exec(key.slice(prefix.length));
  if (!match) return undefined;
  return { itemId: match[1] as string, sequence: Number(match[2]) };
}
