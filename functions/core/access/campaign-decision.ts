import canonicalize from 'canonicalize';
import { z } from 'zod';
import { SIGNATURE_ALGORITHM } from '../integrity/manifest.js';
import { CAMPAIGN_ID, ITEM_ID } from './campaign-files.js';

export const FIRST_LEVEL_OUTCOMES = ['keep', 'revoke', 'change'] as const;
export const SECOND_LEVEL_OUTCOMES = ['approve', 'reject'] as const;
export type FirstLevelOutcome = (typeof FIRST_LEVEL_OUTCOMES)[number];
export type SecondLevelOutcome = (typeof SECOND_LEVEL_OUTCOMES)[number];

/** Longest justification kept, in characters. */
export const MAX_JUSTIFICATION = 2000;

/**
 * How the reviewer was identified: `review-page` — a Descope session JWT validated by the server
 * (its `sub` is the user ID); `attest-cli` — named by the operator running `npm run attest`, whose
 * key signs the record (no session).
 */
export const REVIEWER_SOURCES = ['review-page', 'attest-cli'] as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * One decision on one item. Records of an item form a chain (`previousSha256`: the SHA-256 of the
 * previous record's canonical bytes); the server signs each one with the attestation key. Never
 * rewritten: a second level's rejection or a new decision is the next record.
 */
export const decisionRecordSchema = z
  .object({
    schemaVersion: z.literal(1),
    campaignId: z.string().regex(CAMPAIGN_ID),
    /** SHA-256 of the stored `campaign.json` the decision was made against. */
    campaignSha256: sha256,
    itemId: z.string().regex(ITEM_ID),
    sequence: z.number().int().min(1).max(999),
    previousSha256: sha256.nullable(),
    level: z.union([z.literal(1), z.literal(2)]),
    outcome: z.enum([...FIRST_LEVEL_OUTCOMES, ...SECOND_LEVEL_OUTCOMES]),
    justification: z.string().max(MAX_JUSTIFICATION),
    reviewer: z.object({
      userId: z.string().min(1),
      loginId: z.string().min(1),
      source: z.enum(REVIEWER_SOURCES),
      /** The validated session's `iat` and `exp` (ISO), on the review page. */
      sessionIssuedAt: z.string().nullable(),
      sessionExpiresAt: z.string().nullable(),
    }),
    /** ISO 8601. */
    decidedAt: z.string(),
    signing: z.object({ algorithm: z.literal(SIGNATURE_ALGORITHM), keyFingerprint: sha256 }),
  })
  .refine((r) => (r.level === 1) === (FIRST_LEVEL_OUTCOMES as readonly string[]).includes(r.outcome), {
    message: 'a first-level record keeps, revokes or changes; a second-level one approves or rejects',
    path: ['outcome'],
  });
export type DecisionRecord = z.output<typeof decisionRecordSchema>;

/** The record's RFC 8785 canonical JSON: the bytes the signature covers and the chain hashes. */
export function canonicalDecision(record: DecisionRecord): string {
  const text = canonicalize(record);
  if (text === undefined) throw new TypeError('The decision cannot be serialised');
  return text;
}

/**
 * `decisions/<item>/<NNN>.json`: `{ record, signature }`, the signature being ECDSA P-256 over
 * SHA-256 of `canonicalDecision(record)`, DER, base64.
 */
export function renderSignedDecision(record: DecisionRecord, signature: Uint8Array): string {
  return `${JSON.stringify({ record, signature: Buffer.from(signature).toString('base64') }, null, 2)}\n`;
}

const envelopeSchema = z.object({ record: z.unknown(), signature: z.string().regex(/^[A-Za-z0-9+/]+=*$/) });

/** A stored signed decision: the record, its canonical bytes and the signature; `undefined` when unreadable. */
export function parseSignedDecision(
  bytes: Uint8Array,
): { record: DecisionRecord; canonical: Uint8Array; signature: Uint8Array } | undefined {
  try {
    const envelope = envelopeSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    if (!envelope.success) return undefined;
    const record = decisionRecordSchema.safeParse(envelope.data.record);
    // The signature is checked over the record as stored (unknown keys included), not as parsed.
    const canonical = canonicalize(envelope.data.record);
    if (!record.success || canonical === undefined) return undefined;
    return {
      record: record.data,
      canonical: Buffer.from(canonical, 'utf8'),
      signature: Buffer.from(envelope.data.signature, 'base64'),
    };
  } catch {
    return undefined;
  }
}
