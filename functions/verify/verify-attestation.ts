import { ACCESS_FILES } from '../core/access/access-controls.js';
import { parseAttestation } from '../core/access/attestation.js';
import type { ExpectedManifest } from '../core/integrity/check-manifest.js';
import type { ManifestEntry } from '../core/integrity/manifest.js';
import { checkSignedBy } from '../core/integrity/public-key-set.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/**
 * Checks a reviewer's sign-off stored beside a report after its manifest (`access/attestation.json`
 * in `scope`, '' or `tenants/<id>/`): it must be for this folder's project, period and scope, approve
 * this folder's snapshot (the SHA-256 the manifest lists), and carry a signature by one of the
 * reviewers' keys (`--attestation-key`), never the manifest-signing key. With reviewers' keys given
 * a signed attestation is required; without them an unsigned one is only a note.
 */
export async function verifyAttestation(
  context: VerifyContext,
  prefix: string,
  label: string,
  scope: string,
  listed: ReadonlyMap<string, ManifestEntry>,
  expected: ExpectedManifest,
): Promise<void> {
  const file = `${label}${scope}${ACCESS_FILES.attestation}`;
  const body = await context.reader.get(`${prefix}${scope}${ACCESS_FILES.attestation}`);
  if (!body) return;
  const attestation = parseAttestation(body);
  if (!attestation) {
    addProblem(context, file, 'is not a readable attestation');
    return;
  }
  const tenantId = scope ? scope.slice('tenants/'.length, -1) : undefined;
  const stated = attestation.scope.kind === 'tenant' ? attestation.scope.tenantId : undefined;
  if (
    attestation.period !== expected.period ||
    stated !== tenantId ||
    (expected.projectId !== undefined && attestation.projectId !== expected.projectId)
  ) {
    addProblem(
      context,
      file,
      `is the sign-off of ${attestation.projectId} ${attestation.period}${stated ? ` tenant ${stated}` : ''}, not of this folder`,
    );
  }
  const snapshot = listed.get(`${scope}${ACCESS_FILES.snapshot}`);
  if (!snapshot || snapshot.sha256 !== attestation.snapshot.sha256) {
    addProblem(context, file, "approves a snapshot that is not this folder's access/snapshot.json");
  }
  const who = `${attestation.decision} by ${attestation.reviewer}`;
  if (!attestation.signingKeyFingerprint) {
    if (context.attestationKeys.length > 0) {
      addProblem(
        context,
        file,
        `${who}, not signed: the reviewers' keys were given, so a signature is required`,
      );
    } else context.notes.push(`${file}: ${who}, not signed`);
    return;
  }
  const fingerprint = attestation.signingKeyFingerprint;
  if (context.keys.some((k) => k.fingerprint === fingerprint)) {
    addProblem(
      context,
      file,
      'signed with the manifest-signing key: a reviewer signs with a key of their own',
    );
    return;
  }
  const sigFile = `${label}${scope}${ACCESS_FILES.attestationSignature}`;
  const signature = await context.reader.get(`${prefix}${scope}${ACCESS_FILES.attestationSignature}`);
  if (!signature) {
    addProblem(context, sigFile, 'missing: the attestation names a signing key');
    return;
  }
  if (context.attestationKeys.length === 0) {
    addProblem(
      context,
      sigFile,
      `not checked: give the reviewers' public keys with --attestation-key FILE (it names key ${fingerprint})`,
    );
    return;
  }
  const check = checkSignedBy(body, signature, fingerprint, context.attestationKeys);
  if (check.verified) context.notes.push(`${file}: ${who}, signed by reviewer key ${fingerprint}`);
  else addProblem(context, sigFile, `attestation ${check.problem}`);
}
