import { isValidSignature } from './check-signature.js';
import { keyFingerprint, pemToSpki } from './signing-key.js';

/** A public key a verifier trusts (obtained from the report's owner, never from the bucket). */
export interface TrustedKey {
  pem: string;
  /** SHA-256 of its SubjectPublicKeyInfo DER, lower-case hex. */
  fingerprint: string;
}

/** The key of a PEM `PUBLIC KEY`; throws a `TypeError` when it is not one. */
export function trustedKey(pem: string): TrustedKey {
  try {
    return { pem, fingerprint: keyFingerprint(pemToSpki(pem)) };
  } catch {
    throw new TypeError('not a PEM public key');
  }
}

/** The outcome of checking a detached signature against a set of trusted keys. */
export type SignatureCheck = { verified: true; key: TrustedKey } | { verified: false; problem: string };

/**
 * Checks `signature` (ECDSA P-256 over SHA-256 of `message`, DER) by the key the signed file names
 * (`fingerprint`), which must be one of `keys`. A signature by any other key, or one that does not
 * verify, fails with a sentence saying which.
 */
export function checkSignedBy(
  message: Uint8Array,
  signature: Uint8Array,
  fingerprint: string,
  keys: readonly TrustedKey[],
): SignatureCheck {
  const key = keys.find((k) => k.fingerprint === fingerprint);
  if (!key) {
    const known = keys.map((k) => k.fingerprint).join(', ') || 'none given';
    return { verified: false, problem: `names signing key ${fingerprint}, not a given key (${known})` };
  }
  return isValidSignature(message, signature, key.pem)
    ? { verified: true, key }
    : { verified: false, problem: `does not verify with the given key ${fingerprint}` };
}
