import type { CampaignStore } from '../adapters/campaign-store.js';
import type { ManifestSigner } from '../adapters/manifest-signer.js';
import type { Reviewer } from '../core/access/campaign.js';
import {
  canonicalDecision,
  type DecisionRecord,
  MAX_JUSTIFICATION,
  type REVIEWER_SOURCES,
  renderSignedDecision,
} from '../core/access/campaign-decision.js';
import { decisionKey } from '../core/access/campaign-files.js';
import { checkDecision, type DecisionRequest, type Refusal } from '../core/access/decision-rules.js';
import { SIGNATURE_ALGORITHM, sha256Hex } from '../core/integrity/manifest.js';
import { type LoadedCampaign, loadCampaign, type StoredDecision, type TrustedKeys } from './load-campaign.js';

export interface RecordDecisionInput {
  campaignId: string;
  itemId: string;
  /** Who decides: a reviewer of the campaign, identified by the caller (session or CLI). */
  reviewer: Reviewer;
  source: (typeof REVIEWER_SOURCES)[number];
  /** The validated session's `iat` and `exp` (epoch seconds), on the review page. */
  session?: { issuedAt: number; expiresAt: number };
  request: DecisionRequest;
  now: number;
}

export type RecordDecisionResult =
  | { ok: true; key: string; record: DecisionRecord; stored: StoredDecision }
  | { ok: false; refusal: Refusal };

export interface DecisionStoreDeps {
  store: CampaignStore;
  /** Signs the records (the attestation key; KMS in AWS). */
  signer: ManifestSigner;
  /** Keys whose earlier records count (the signer's own is always trusted). */
  trusted?: TrustedKeys;
}

/** The signer's key with any other trusted keys. */
export async function trustedKeysOf(deps: DecisionStoreDeps): Promise<Map<string, string>> {
  const own = await deps.signer.key();
  return new Map([...(deps.trusted ?? []), [own.fingerprint, own.publicKeyPem]]);
}

/**
 * Records one decision: reads the campaign and the item's history, applies the campaign's rules
 * (`checkDecision`), signs the record with the attestation key and creates it with a conditional
 * write, so two reviewers deciding the same item at once cannot both win (the second is told the
 * item changed). Nothing is written when a rule refuses.
 */
export async function recordDecision(
  deps: DecisionStoreDeps,
  input: RecordDecisionInput,
  loaded?: LoadedCampaign,
): Promise<RecordDecisionResult> {
  const current = loaded ?? (await loadCampaign(deps.store, input.campaignId, await trustedKeysOf(deps)));
  const { campaign } = current;
  const item = campaign.items.find((i) => i.id === input.itemId);
  if (!item) return { ok: false, refusal: { kind: 'state', reason: 'No such item in this campaign.' } };
  const state = current.states.get(item.id) ?? { state: 'pending' as const, history: [] };
  const justification = input.request.justification.trim().slice(0, MAX_JUSTIFICATION);
  const request = { ...input.request, justification };
  const refusal = checkDecision(campaign, item, state, input.reviewer, request, current.sealed);
  if (refusal) return { ok: false, refusal };
  const history = current.records.get(item.id) ?? [];
  const sequence = current.nextSequence.get(item.id) ?? history.length + 1;
  if (sequence !== history.length + 1)
    return {
      ok: false,
      refusal: {
        kind: 'state',
        reason: 'This item has a decision record that does not verify; it cannot take another.',
      },
    };
  const signing = await deps.signer.key();
  const record: DecisionRecord = {
    schemaVersion: 1,
    campaignId: campaign.id,
    campaignSha256: current.sha256,
    itemId: item.id,
    sequence,
    previousSha256: history.at(-1)?.sha256 ?? null,
    level: request.level,
    outcome: request.outcome,
    justification,
    reviewer: {
      userId: input.reviewer.userId,
      loginId: input.reviewer.loginId,
      source: input.source,
      sessionIssuedAt: input.session ? new Date(input.session.issuedAt * 1000).toISOString() : null,
      sessionExpiresAt: input.session ? new Date(input.session.expiresAt * 1000).toISOString() : null,
    },
    decidedAt: new Date(input.now).toISOString(),
    signing: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: signing.fingerprint },
  };
  const canonical = Buffer.from(canonicalDecision(record), 'utf8');
  const signature = await deps.signer.sign(canonical);
  const key = decisionKey(campaign.id, item.id, sequence);
  const file = Buffer.from(renderSignedDecision(record, signature), 'utf8');
  if (!(await deps.store.create(key, file, 'application/json')))
    return {
      ok: false,
      refusal: { kind: 'state', reason: 'Someone decided this item a moment ago; reload to see it.' },
    };
  const stored = { key, record, canonical, sha256: sha256Hex(canonical), signature, file };
  return { ok: true, key, record, stored };
}
