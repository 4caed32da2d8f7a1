import type { SigningKeyInfo } from '../adapters/manifest-signer.js';
import { ACCESS_FILES } from '../core/access/access-controls.js';
import type { AccessSnapshot, SnapshotScope } from '../core/access/access-snapshot.js';
import { parseAccessSnapshot } from '../core/access/parse-access-snapshot.js';
import { isValidSignature } from '../core/integrity/check-signature.js';
import { MANIFEST_FILE, SIGNATURE_FILE, sha256Hex } from '../core/integrity/manifest.js';
import { parseManifest } from '../core/integrity/parse-manifest.js';
import { REPORTS_PREFIX } from '../core/report/report-prefix.js';
import { CampaignError } from './load-campaign.js';

/** A stored snapshot a campaign may be built from, with what vouches for it. */
export interface VerifiedSnapshot {
  snapshot: AccessSnapshot;
  key: string;
  sha256: string;
  manifestSha256: string;
  manifestKeyFingerprint: string;
}

/**
 * Reads a stored access snapshot and proves it before anything is built on it: the period's
 * project manifest must verify with `key` (the key that signs the reports), list the snapshot
 * (`access/snapshot.json`, or the tenant's under `tenants/<id>/`) with the SHA-256 of the stored
 * bytes, and the snapshot must be complete and of the asked project, period and scope. Any
 * failure is a `CampaignError` saying which.
 */
export async function readVerifiedSnapshot(
  reports: { get(key: string): Promise<Uint8Array | undefined> },
  request: { projectId: string; period: string; scope: SnapshotScope },
  key: SigningKeyInfo,
): Promise<VerifiedSnapshot> {
  const folder = `${REPORTS_PREFIX}${request.projectId}/${request.period}/`;
  const name = `${request.scope.kind === 'tenant' ? `tenants/${request.scope.tenantId}/` : ''}${ACCESS_FILES.snapshot}`;
  const manifestBytes = await reports.get(`${folder}${MANIFEST_FILE}`);
  if (!manifestBytes)
    throw new CampaignError(
      `No report is stored for ${request.period}: ${folder}${MANIFEST_FILE} is missing`,
    );
  const parsed = parseManifest(manifestBytes);
  if (!parsed.ok) throw new CampaignError(`${folder}${MANIFEST_FILE} cannot be read: ${parsed.problem}`);
  const signature = await reports.get(`${folder}${SIGNATURE_FILE}`);
  const { manifest } = parsed;
  if (!manifest.signing || !signature)
    throw new CampaignError(`${folder}${MANIFEST_FILE} is not signed: a campaign needs a signed snapshot`);
  if (
    manifest.signing.keyFingerprint !== key.fingerprint ||
    !isValidSignature(manifestBytes, signature, key.publicKeyPem)
  )
    throw new CampaignError(
      `${folder}${SIGNATURE_FILE} does not verify with the report signing key ${key.fingerprint}`,
    );
  const entry = manifest.files.find((f) => f.name === name);
  if (!entry)
    throw new CampaignError(
      `${folder}${MANIFEST_FILE} lists no ${name}: the access review was off that period`,
    );
  const bytes = await reports.get(`${folder}${name}`);
  const sha256 = bytes ? sha256Hex(bytes) : '';
  if (!bytes || sha256 !== entry.sha256)
    throw new CampaignError(`${folder}${name} is missing or differs from its manifest entry`);
  const snapshot = parseAccessSnapshot(bytes);
  if (!snapshot.ok) throw new CampaignError(`${folder}${name} cannot be used: ${snapshot.reason}`);
  const s = snapshot.snapshot;
  const scopeMatches =
    s.scope.kind === request.scope.kind &&
    (s.scope.kind !== 'tenant' ||
      (request.scope.kind === 'tenant' && s.scope.tenantId === request.scope.tenantId));
  if (s.projectId !== request.projectId || s.period !== request.period || !scopeMatches)
    throw new CampaignError(`${folder}${name} is not the snapshot of this project, period and scope`);
  if (!s.coverage.complete)
    throw new CampaignError(
      `${folder}${name} is incomplete (${s.coverage.notes.join('; ')}): a campaign needs the whole directory`,
    );
  return {
    snapshot: s,
    key: `${folder}${name}`,
    sha256,
    manifestSha256: sha256Hex(manifestBytes),
    manifestKeyFingerprint: key.fingerprint,
  };
}
