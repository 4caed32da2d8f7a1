import type { TrustedKey } from '../integrity/check-sealed-input.js';
import { isValidSignature } from '../integrity/check-signature.js';
import type { SnapshotScope } from './access-snapshot.js';
import { type Attestation, parseAttestation } from './attestation.js';

/** Whose sign-off a stored attestation must be, and of which snapshot (when its bytes are known). */
export interface AttestationExpectation {
  projectId: string;
  scope: SnapshotScope;
  period: string;
  /** SHA-256 of the snapshot it must approve; absent when the caller compares it itself. */
  snapshotSha256?: string;
}

/**
 * A stored attestation as a signing run may use it: `ok`, or why not. `unsigned` failures are the
 * reviewer's choice not to sign (nothing proves who wrote it, so it is not counted as a sign-off,
 * and the report says so); the others mean it is not what it claims to be.
 */
export type AttestationCheck =
  | { ok: true; attestation: Attestation }
  | { ok: false; unsigned: boolean; problem: string };

const scopeText = (scope: SnapshotScope) =>
  scope.kind === 'tenant' ? `tenant ${scope.tenantId}` : 'project';

/**
 * Checks a stored attestation: readable, for the expected project, scope and period, approving the
 * expected snapshot, and signed by one of `keys` with a detached signature that verifies.
 */
export function checkStoredAttestation(
  body: Uint8Array,
  signature: Uint8Array | undefined,
  keys: readonly TrustedKey[],
  expected: AttestationExpectation,
): AttestationCheck {
  const attestation = parseAttestation(body);
  const fail = (problem: string, unsigned = false): AttestationCheck => ({ ok: false, unsigned, problem });
  if (!attestation) return fail('it is not a readable attestation');
  if (attestation.projectId !== expected.projectId || attestation.period !== expected.period)
    return fail(`it is a sign-off of ${attestation.projectId} ${attestation.period}, not of this folder`);
  if (scopeText(attestation.scope) !== scopeText(expected.scope))
    return fail(`it signs off the ${scopeText(attestation.scope)}, not the ${scopeText(expected.scope)}`);
  if (expected.snapshotSha256 !== undefined && attestation.snapshot.sha256 !== expected.snapshotSha256)
    return fail("it approves a snapshot that is not this folder's sealed access/snapshot.json");
  const fingerprint = attestation.signingKeyFingerprint;
  if (!fingerprint) return fail('it is not signed, so nothing proves who wrote it', true);
  const key = keys.find((k) => k.fingerprint === fingerprint);
  if (!key) return fail(`it is signed by key ${fingerprint}, which this run does not trust`);
  if (!signature) return fail('attestation.sig is missing');
  if (!isValidSignature(body, signature, key.pem))
    return fail('attestation.sig does not verify with its key');
  return { ok: true, attestation };
}
