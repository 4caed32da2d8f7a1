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
import { parseIsoWeek, type ReportPeriod } from '../../core/period/period.js';
import type { ReportSeal } from '../../core/report/report-model.js';
import type { StoredInputs } from '../history/stored-inputs.js';

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

/** What a previous week's manifest is used for, as an unverified one's gap says. */
export const CHAIN_USE = "this report's link to the previous week (the manifest chain)";

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
 * manifest of the same scope (its SHA-256 as stored now, or null when there is none, or when a
 * signing run found that it does not verify: nothing unverified is chained to).
 */
export async function planSeal(
  store: ReportStore,
  target: SealTarget,
  key: SigningKeyInfo | undefined,
  sealing: Sealing,
): Promise<ReportSeal> {
  const link = previousManifestKey(target.projectId, target.period, target.scope);
  return {
    signing: key ? { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: key.fingerprint } : null,
    ...(key ? {} : { unsignedReason: sealing.unsignedReason ?? NO_SIGNING_KEY }),
    previous: link ? { ...link, sha256: await linkedHash(store, target, link, sealing.inputs) } : null,
  };
}

/** The previous manifest's SHA-256 as this seal records it. */
async function linkedHash(
  store: ReportStore,
  target: SealTarget,
  link: { period: string; key: string },
  inputs: StoredInputs | undefined,
): Promise<string | null> {
  if (!inputs?.verifying) {
    const body = await store.get(link.key);
    return body ? sha256Hex(body) : null;
  }
  const verified = await inputs.manifest(previousFolder(target, link), CHAIN_USE);
  return verified?.sha256 ?? null;
}

/**
 * Verifies, before the report is assembled, the previous week's manifest each folder of the run
 * will link (the project's and each reported tenant's), so one that fails is in the report as a gap
 * and a finding; `planSeal` then finds the verdict in the gate's cache.
 */
export async function checkPreviousLinks(
  inputs: StoredInputs,
  projectId: string,
  period: ReportPeriod,
  tenantIds: readonly string[],
): Promise<void> {
  if (!inputs.verifying) return;
  const scopes: ManifestScope[] = [
    { kind: 'project' },
    ...tenantIds.map((tenantId) => ({ kind: 'tenant' as const, tenantId })),
  ];
  for (const scope of scopes) {
    const target = { projectId, period, scope };
    const link = previousManifestKey(projectId, period, scope);
    if (link) await inputs.manifest(previousFolder(target, link), CHAIN_USE);
  }
}

/** The previous week's folder of `target`'s scope, as the stored-input gate checks it. */
export function previousFolder(target: SealTarget, link: { period: string; key: string }) {
  return {
    folder: link.key.slice(0, -MANIFEST_FILE.length),
    period: parseIsoWeek(link.period),
    expected: { projectId: target.projectId, period: link.period, scope: target.scope },
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
