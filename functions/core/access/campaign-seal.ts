import canonicalize from 'canonicalize';
import { z } from 'zod';
import { type ManifestEntry, SIGNATURE_ALGORITHM } from '../integrity/manifest.js';
import { CAMPAIGN_ID } from './campaign-files.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * `seal.json`: the sealed campaign's files (relative to its folder) with size and SHA-256 —
 * `campaign.json`, every decision record and signature, `decisions.csv` — and the keys involved.
 * Signed (`seal.sig`) by the key that signs the report manifests.
 */
export const campaignSealSchema = z.object({
  schemaVersion: z.literal(1),
  campaignId: z.string().regex(CAMPAIGN_ID),
  projectId: z.string(),
  /** ISO 8601. */
  sealedAt: z.string(),
  /** Fingerprints of the keys that signed the decision records. */
  decisionKeys: z.array(sha256),
  /** Each revocation's remediation state when sealed (`decisions.csv` shows them): item ID, state. */
  remediation: z.array(z.tuple([z.string(), z.string()])),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256 })),
  signing: z.object({ algorithm: z.literal(SIGNATURE_ALGORITHM), keyFingerprint: sha256 }),
});
export type CampaignSeal = z.output<typeof campaignSealSchema>;

const byName = (a: ManifestEntry, b: ManifestEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Canonical JSON with files sorted by name: the bytes the signature covers. */
export function renderSeal(seal: CampaignSeal): string {
  const text = canonicalize({
    ...seal,
    files: [...seal.files].sort(byName),
    decisionKeys: [...seal.decisionKeys].sort(),
  });
  if (text === undefined) throw new TypeError('The seal cannot be serialised');
  return text;
}

export function parseSeal(bytes: Uint8Array): CampaignSeal | undefined {
  try {
    const parsed = campaignSealSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
