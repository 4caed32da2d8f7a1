import type { ManifestSigner, SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import {
  describeFile,
  MANIFEST_FILE,
  type ManifestEntry,
  type ManifestScope,
  renderManifest,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FILE,
  sha256Hex,
} from '../../core/integrity/manifest.js';
import { previousManifestKey } from '../../core/integrity/manifest-chain.js';
import { publicKeyKey } from '../../core/integrity/signing-key.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { ReportSeal } from '../../core/report/report-model.js';

/** How this run seals its manifests: with a signer, or unsigned for the stated reason. */
export interface Sealing {
  signer?: ManifestSigner;
  /** Shown in summary.json and the email when there is no signer. */
  unsignedReason?: string;
}

/** What sealing one folder needs to know. */
export interface SealTarget {
  projectId: string;
  period: ReportPeriod;
  scope: ManifestScope;
}

export const NO_SIGNING_KEY = 'no signing key was configured for this run';

/**
 * Publishes the signing key's public half as `reports/keys/<fingerprint>.pem` (once: an existing
 * object is left alone) and returns it; `undefined` when the run signs nothing.
 */
export async function publishSigningKey(
  store: ReportStore,
  sealing: Sealing,
): Promise<SigningKeyInfo | undefined> {
  if (!sealing.signer) return undefined;
  const key = await sealing.signer.key();
  const target = publicKeyKey(key.fingerprint);
  if ((await store.get(target)) === undefined)
    await store.put(target, key.publicKeyPem, 'application/x-pem-file');
  return key;
}

/**
 * The seal of one folder before its files are rendered: the signing key and the previous period's
 * manifest of the same scope (its SHA-256 as stored now, or null when there is none).
 */
export async function planSeal(
  store: ReportStore,
  target: SealTarget,
  key: SigningKeyInfo | undefined,
  sealing: Sealing,
): Promise<ReportSeal> {
  const link = previousManifestKey(target.projectId, target.period, target.scope);
  const previousBody = link ? await store.get(link.key) : undefined;
  return {
    signing: key ? { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: key.fingerprint } : null,
    unsignedReason: key ? undefined : (sealing.unsignedReason ?? NO_SIGNING_KEY),
    previous: link ? { ...link, sha256: previousBody ? sha256Hex(previousBody) : null } : null,
  };
}

/**
 * Stores the folder's canonical `manifest.json` listing `entries` and, when signed, `manifest.sig`
 * (written first, so a manifest's presence still means everything it names was stored). Returns the
 * manifest's own entry, for a parent manifest to list.
 */
export async function storeSealedManifest(
  store: ReportStore,
  prefix: string,
  target: SealTarget,
  seal: ReportSeal,
  entries: readonly ManifestEntry[],
  signer: ManifestSigner | undefined,
): Promise<ManifestEntry> {
  const body = Buffer.from(
    renderManifest({
      schemaVersion: 2,
      projectId: target.projectId,
      period: target.period.label,
      scope: target.scope,
      previous: seal.previous,
      signing: seal.signing,
      files: [...entries],
    }),
    'utf8',
  );
  if (seal.signing && signer) {
    await store.put(`${prefix}${SIGNATURE_FILE}`, await signer.sign(body), 'application/octet-stream');
  }
  await store.put(`${prefix}${MANIFEST_FILE}`, body, 'application/json');
  return describeFile(MANIFEST_FILE, body);
}
