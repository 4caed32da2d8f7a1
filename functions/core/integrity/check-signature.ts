import { createPublicKey, verify } from 'node:crypto';

/**
 * Whether `signature` (ECDSA P-256, DER) signs SHA-256 of `message` under the PEM public key. A
 * malformed signature is simply not valid.
 */
export function isValidSignature(message: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  try {
    return verify('sha256', message, { key: createPublicKey(publicKeyPem), dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}
