import type { ManifestSigner } from '../adapters/manifest-signer.js';
import type { ReportStore } from '../adapters/report-store.js';
import { ACCESS_FILES } from '../core/access/access-controls.js';
import {
  type Attestation,
  type AttestationDecision,
  buildAttestation,
  renderAttestation,
} from '../core/access/attestation.js';
import { parseAccessSnapshot } from '../core/access/parse-access-snapshot.js';
import { describeFile } from '../core/integrity/manifest.js';
import { ReportJobError } from '../shared/errors.js';
import { publishSigningKey } from '../weekly-report/publish/seal-manifest.js';

/** The access review cannot be signed off as asked (no snapshot, already signed, wrong scope). */
export class AttestationError extends ReportJobError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AttestationError';
  }
}

export interface RecordAttestationInput {
  projectId: string;
  period: string;
  tenantId?: string;
  reviewer: string;
  decision: AttestationDecision;
  note?: string;
  /** Epoch ms of the decision. */
  now: number;
  supersede: boolean;
  /** Signs the attestation (`access/attestation.sig`) with the reviewer's own key. */
  signer?: ManifestSigner;
}

/**
 * Stores `access/attestation.json` beside a stored report: the reviewer, the decision, the time and
 * the SHA-256 of the stored `access/snapshot.json` it approves. Nothing else is rewritten: the
 * report, its manifest and the snapshot stay as they are. The next report of the scope reads it.
 */
export async function recordAttestation(
  store: ReportStore,
  input: RecordAttestationInput,
): Promise<{ key: string; attestation: Attestation }> {
  const folder = `reports/${input.projectId}/${input.period}/${input.tenantId ? `tenants/${input.tenantId}/` : ''}`;
  const snapshotKey = `${folder}${ACCESS_FILES.snapshot}`;
  const body = await store.get(snapshotKey);
  if (!body)
    throw new AttestationError(
      `No access snapshot is stored at ${snapshotKey}: run the report for ${input.period} first`,
    );
  const parsed = parseAccessSnapshot(body);
  if (!parsed.ok) throw new AttestationError(`${snapshotKey} cannot be attested: ${parsed.reason}`);
  const { scope } = parsed.snapshot;
  if (
    parsed.snapshot.period !== input.period ||
    (scope.kind === 'tenant' ? scope.tenantId : undefined) !== input.tenantId
  )
    throw new AttestationError(`${snapshotKey} is not the snapshot of this period and scope`);
  const key = `${folder}${ACCESS_FILES.attestation}`;
  const sigKey = `${folder}${ACCESS_FILES.attestationSignature}`;
  const existing = await store.getVersioned(key);
  if (!input.supersede && existing)
    throw new AttestationError(`${key} already exists; pass --supersede to record a new decision`);
  const attestation = buildAttestation({
    projectId: input.projectId,
    scope,
    period: input.period,
    reviewer: input.reviewer,
    decision: input.decision,
    ...(input.note ? { note: input.note } : {}),
    at: input.now,
    snapshotSha256: describeFile(snapshotKey, body).sha256,
    ...(input.signer ? { signingKeyFingerprint: (await input.signer.key()).fingerprint } : {}),
  });
  const rendered = renderAttestation(attestation);
  // The signature first: an attestation naming a key is never left without its signature. Both are
  // replaced only with If-Match (the bucket keeps the earlier decision as a noncurrent version).
  if (input.signer) {
    // The reviewer's public key beside the manifests' (`reports/keys/<fingerprint>.pem`, created once):
    // a reader trusts it only when its fingerprint is one the deployment lists.
    await publishSigningKey(store, { signer: input.signer });
    const signature = await input.signer.sign(Buffer.from(rendered, 'utf8'));
    const current = await store.getVersioned(sigKey);
    await writeOrFail(store, sigKey, signature, 'application/octet-stream', current?.etag);
  }
  await writeOrFail(store, key, rendered, 'application/json', existing?.etag);
  return { key, attestation };
}

async function writeOrFail(
  store: ReportStore,
  key: string,
  body: Uint8Array | string,
  contentType: string,
  etag: string | undefined,
): Promise<void> {
  const written = await store.putIf(key, body, contentType, etag ? { ifMatch: etag } : { ifNoneMatch: '*' });
  if (!written.written) throw new AttestationError(`${key} changed meanwhile: another decision was recorded`);
}
