import type { CampaignStore } from '../adapters/campaign-store.js';
import type { Campaign } from '../core/access/campaign.js';
import { parseCampaign } from '../core/access/campaign.js';
import { type DecisionRecord, parseSignedDecision } from '../core/access/campaign-decision.js';
import { campaignKeys, parseDecisionKey } from '../core/access/campaign-files.js';
import { foldItem, type ItemState } from '../core/access/campaign-progress.js';
import type { RemediationEntry } from '../core/access/remediation.js';
import { parseRemediation } from '../core/access/remediation-file.js';
import { isValidSignature } from '../core/integrity/check-signature.js';
import { sha256Hex } from '../core/integrity/manifest.js';
import { ReportJobError } from '../shared/errors.js';

/** A campaign cannot be used as asked (missing, unreadable, a decision refused). */
export class CampaignError extends ReportJobError {
  override name = 'CampaignError';
}

/** Public keys (PEM) trusted to sign decision records, by fingerprint. */
export type TrustedKeys = ReadonlyMap<string, string>;

/** One signed decision as stored: the record, the bytes signed and hashed, the stored file. */
export interface StoredDecision {
  key: string;
  record: DecisionRecord;
  /** The record's canonical bytes: what the signature covers and the next record's `previousSha256`. */
  canonical: Uint8Array;
  sha256: string;
  signature: Uint8Array;
  /** The stored file (record and signature), for the seal. */
  file: Uint8Array;
}

/** A campaign with every decision read back and checked. */
export interface LoadedCampaign {
  campaign: Campaign;
  bytes: Uint8Array;
  sha256: string;
  states: Map<string, ItemState>;
  /** Every verified record per item, in sequence order (for sealing and the CSV). */
  records: Map<string, StoredDecision[]>;
  /** The next sequence number free per item (past any record that did not count). */
  nextSequence: Map<string, number>;
  sealed: boolean;
  remediation: Map<string, RemediationEntry>;
  remediationEtag: string | undefined;
  /** Records left out: unreadable, signed by an unknown key, or breaking an item's chain. */
  problems: string[];
}

/**
 * Reads `campaign.json` and every decision. A record counts only when it parses, belongs to this
 * campaign (its SHA-256 too) and item, verifies with a trusted key and continues its item's chain
 * (sequence 1, 2, … each naming the previous record's SHA-256); the first that does not ends that
 * item's history and is listed in `problems`.
 */
export async function loadCampaign(
  store: CampaignStore,
  id: string,
  trusted: TrustedKeys,
): Promise<LoadedCampaign> {
  const keys = campaignKeys(id);
  const bytes = await store.get(keys.campaign);
  if (!bytes) throw new CampaignError(`No campaign ${id}: ${keys.campaign} does not exist`);
  const parsed = parseCampaign(bytes);
  if (!parsed.ok) throw new CampaignError(`${keys.campaign} cannot be used: ${parsed.reason}`);
  const { campaign } = parsed;
  const sha256 = sha256Hex(bytes);
  const problems: string[] = [];
  const byItem = new Map<string, Map<number, string>>();
  for (const key of await store.list(keys.decisions)) {
    const at = parseDecisionKey(id, key);
    if (!at) continue;
    const item = byItem.get(at.itemId) ?? new Map<number, string>();
    item.set(at.sequence, key);
    byItem.set(at.itemId, item);
  }
  const itemIds = new Set(campaign.items.map((i) => i.id));
  // Every record is read at once (a page load reads them all); the chain is checked afterwards.
  const files = await readAll(
    store,
    [...byItem.values()].flatMap((sequence) => [...sequence.values()]),
  );
  const records = new Map<string, StoredDecision[]>();
  const nextSequence = new Map<string, number>();
  for (const [itemId, sequence] of byItem) {
    if (!itemIds.has(itemId)) {
      problems.push(`decisions/${itemId}/: no such item in the campaign`);
      continue;
    }
    nextSequence.set(itemId, Math.max(...sequence.keys()) + 1);
    const chain: StoredDecision[] = [];
    for (let n = 1; sequence.has(n); n++) {
      const key = sequence.get(n) as string;
      const stored = storedDecisionOf(key, files.get(key));
      const problem = stored
        ? checkRecord(
            stored,
            { campaignId: id, campaignSha256: sha256, itemId, sequence: n },
            chain.at(-1),
            trusted,
          )
        : 'not a signed decision';
      if (!stored || problem) {
        problems.push(`${key.slice(keys.folder.length)}: ${problem}`);
        break;
      }
      chain.push(stored);
    }
    records.set(itemId, chain);
  }
  const states = new Map(
    campaign.items.map((i) => [
      i.id,
      foldItem(
        campaign,
        (records.get(i.id) ?? []).map((d) => d.record),
      ),
    ]),
  );
  const remediationFile = await store.getVersioned(keys.remediation);
  return {
    campaign,
    bytes,
    sha256,
    states,
    records,
    nextSequence,
    sealed: (await store.get(keys.seal)) !== undefined,
    remediation: parseRemediation(remediationFile?.body),
    remediationEtag: remediationFile?.etag,
    problems,
  };
}

/** Reads `keys`, a few at a time. */
async function readAll(store: CampaignStore, keys: string[]): Promise<Map<string, Uint8Array | undefined>> {
  const read = new Map<string, Uint8Array | undefined>();
  let next = 0;
  const worker = async () => {
    for (let key = keys[next++]; key !== undefined; key = keys[next++]) read.set(key, await store.get(key));
  };
  await Promise.all(Array.from({ length: Math.min(16, keys.length) }, worker));
  return read;
}

function storedDecisionOf(key: string, file: Uint8Array | undefined): StoredDecision | undefined {
  const parsed = file ? parseSignedDecision(file) : undefined;
  if (!file || !parsed) return undefined;
  return { key, ...parsed, sha256: sha256Hex(parsed.canonical), file };
}

/** Why a record read back cannot count, or `undefined` when it does. */
export function checkRecord(
  stored: StoredDecision,
  expected: { campaignId: string; campaignSha256: string; itemId: string; sequence: number },
  previous: StoredDecision | undefined,
  trusted: TrustedKeys,
): string | undefined {
  const { record } = stored;
  if (record.campaignId !== expected.campaignId || record.itemId !== expected.itemId)
    return 'belongs to another campaign or item';
  if (record.sequence !== expected.sequence) return `says sequence ${record.sequence}`;
  if (record.campaignSha256 !== expected.campaignSha256) return 'was made against another campaign.json';
  if (record.previousSha256 !== (previous?.sha256 ?? null)) return 'does not continue the item’s chain';
  const pem = trusted.get(record.signing.keyFingerprint);
  if (!pem) return `signed by key ${record.signing.keyFingerprint}, which is not trusted`;
  return isValidSignature(stored.canonical, stored.signature, pem) ? undefined : 'signature does not verify';
}

/** The loaded campaign with one more record of `itemId` (just stored), without reading it all again. */
export function withDecision(loaded: LoadedCampaign, stored: StoredDecision): LoadedCampaign {
  const itemId = stored.record.itemId;
  const records = new Map(loaded.records).set(itemId, [...(loaded.records.get(itemId) ?? []), stored]);
  const states = new Map(loaded.states).set(
    itemId,
    foldItem(
      loaded.campaign,
      (records.get(itemId) ?? []).map((d) => d.record),
    ),
  );
  const nextSequence = new Map(loaded.nextSequence).set(itemId, stored.record.sequence + 1);
  return { ...loaded, records, states, nextSequence };
}
