import type { ManifestSigner, SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import {
  MANIFEST_FILE,
  type ManifestEntry,
  type ManifestScope,
  renderManifest,
  SIGNATURE_ALGORITHM,
  sha256Hex,
} from '../../core/integrity/manifest.js';
import { previousManifestKey, scopeFolder } from '../../core/integrity/manifest-chain.js';
import { publicKeyKey } from '../../core/integrity/signing-key.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { ReportSeal } from '../../core/report/report-model.js';
import type { StoredInputs } from '../history/stored-inputs.js';
import { linkedHash } from './previous-links.js';

/** How this run seals its manifests: with a signer, or unsigned for the stated reason. */
export interface Sealing {
  signer?: ManifestSigner;
  /** Shown in summary.json and the email when there is no signer. */
  unsignedReason?: string;
  /**
   * The gate a signing run reads earlier weeks through: a previous manifest that does not verify
   * with the run's key is not linked (the chain records no hash for it). @default read as stored
   */
  inputs?: StoredInputs;
}

/** What sealing one folder needs to know. */
export interface SealTarget {
  projectId: string;
  period: ReportPeriod;
  scope: ManifestScope;
}

/** The revisions a seal links: the previous week's newest sealed one, this one and what it supersedes. */
export interface SealLinks {
  /** The revision of the previous week the chain links (its newest sealed one). */
  previousRevision: number;
  /** The revision this run seals. */
  revision: number;
  /** The folder of the newest sealed revision below `revision`; absent when none is sealed. */
  superseded?: string;
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
  // Created once; a file already there is left alone (verify never trusts a key from the bucket).
  await store.putIf(publicKeyKey(key.fingerprint), key.publicKeyPem, 'application/x-pem-file', {
    ifNoneMatch: '*',
  });
  return key;
}

const linkTo = async (store: ReportStore, key: string) => {
  const body = await store.get(key);
  return { key, sha256: body ? sha256Hex(body) : null };
};

/**
 * The seal of one folder before its files are rendered: the signing key, the previous period's
 * manifest of the same scope (its SHA-256 as stored now, or null when there is none, or when a
 * signing run found that it does not verify: nothing unverified is chained to) and, in a later
 * revision, the manifest of the same scope it supersedes.
 */
export async function planSeal(
  store: ReportStore,
  target: SealTarget,
  key: SigningKeyInfo | undefined,
  sealing: Sealing,
  links: SealLinks,
): Promise<ReportSeal> {
  const link = previousManifestKey(target.projectId, target.period, target.scope, links.previousRevision);
  const seal: ReportSeal = {
    signing: key ? { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: key.fingerprint } : null,
    previous: link
      ? { period: link.period, key: link.key, sha256: await linkedHash(store, target, link, sealing.inputs) }
      : null,
  };
  if (!key) seal.unsignedReason = sealing.unsignedReason ?? NO_SIGNING_KEY;
  if (links.revision > 1) {
    const superseded = links.superseded && scopeFolder(links.superseded, target.scope);
    seal.revision = {
      number: links.revision,
      supersedes: superseded ? await linkTo(store, `${superseded}${MANIFEST_FILE}`) : null,
    };
  }
  return seal;
}

/** The folder's canonical `manifest.json` listing `entries` (unsigned bytes; the signature is separate). */
export function renderSealedManifest(
  target: SealTarget,
  seal: ReportSeal,
  entries: readonly ManifestEntry[],
) {
  return Buffer.from(
    renderManifest({
      schemaVersion: 2,
      projectId: target.projectId,
      period: target.period.label,
      scope: target.scope,
      previous: seal.previous,
      signing: seal.signing,
      files: [...entries],
      revision: seal.revision,
    }),
    'utf8',
  );
}
