import { ACCESS_FILES } from '../core/access/access-controls.js';
import { parseAttestation } from '../core/access/attestation.js';
import { isValidSignature } from '../core/integrity/check-signature.js';
import type { ManifestEntry } from '../core/integrity/manifest.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/**
 * Checks a reviewer's sign-off stored beside a report after its manifest (`access/attestation.json`,
 * in the folder `scope`, '' or `tenants/<id>/`): it must approve this folder's snapshot (the SHA-256
 * the manifest lists) and, when it names a signing key, carry a signature that verifies with the
 * given public key. An unsigned attestation is a note, not a problem: signing it is optional.
 */
export async function verifyAttestation(
  context: VerifyContext,
  prefix: string,
  scope: string,
  listed: ReadonlyMap<string, ManifestEntry>,
): Promise<void> {
  const file = `${scope}${ACCESS_FILES.attestation}`;
  const body = await context.reader.get(`${prefix}${file}`);
  if (!body) return;
  const attestation = parseAttestation(body);
  if (!attestation) {
    addProblem(context, file, 'is not a readable attestation');
    return;
  }
  const snapshot = listed.get(`${scope}${ACCESS_FILES.snapshot}`);
  if (!snapshot || snapshot.sha256 !== attestation.snapshot.sha256) {
    addProblem(context, file, "approves a snapshot that is not this folder's access/snapshot.json");
  }
  if (!attestation.signingKeyFingerprint) {
    context.notes.push(`${file}: ${attestation.decision} by ${attestation.reviewer}, not signed`);
    return;
  }
  const sigFile = `${scope}${ACCESS_FILES.attestationSignature}`;
  const signature = await context.reader.get(`${prefix}${sigFile}`);
  if (!signature) {
    addProblem(context, sigFile, 'missing: the attestation names a signing key');
    return;
  }
  if (!context.key) return; // the manifest check already says no key was given
  if (attestation.signingKeyFingerprint !== context.key.fingerprint) {
    addProblem(context, file, `signed by key ${attestation.signingKeyFingerprint}, not the given one`);
  } else if (!isValidSignature(body, signature, context.key.pem)) {
    addProblem(context, sigFile, 'does not verify with the given public key');
  }
}
