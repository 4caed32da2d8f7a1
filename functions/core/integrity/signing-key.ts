import { createHash, createPublicKey } from 'node:crypto';

/** The fingerprint naming a signing key: SHA-256 of its SubjectPublicKeyInfo (DER), lower-case hex. */
export const keyFingerprint = (spkiDer: Uint8Array): string =>
  createHash('sha256').update(spkiDer).digest('hex');

/** A SubjectPublicKeyInfo (DER, as KMS `GetPublicKey` returns it) as a PEM `PUBLIC KEY`. */
export function spkiToPem(spkiDer: Uint8Array): string {
  return createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** The SubjectPublicKeyInfo DER of a PEM public key. */
export function pemToSpki(pem: string): Uint8Array {
  return new Uint8Array(createPublicKey(pem).export({ type: 'spki', format: 'der' }));
}

/** Where a public key is published in the bucket: `reports/keys/<fingerprint>.pem`. */
export const publicKeyKey = (fingerprint: string) => `reports/keys/${fingerprint}.pem`;
