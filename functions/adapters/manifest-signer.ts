/** The public half of the key that signs manifests. */
export interface SigningKeyInfo {
  /** SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex. */
  fingerprint: string;
  /** `-----BEGIN PUBLIC KEY-----` (SPKI). */
  publicKeyPem: string;
}

/**
 * Port: signs a manifest with ECDSA P-256 over SHA-256 of its bytes and returns the signature in
 * ASN.1 DER (what KMS returns and what `crypto.verify` accepts by default).
 */
export interface ManifestSigner {
  /** The key's public half; read once and cached. */
  key(): Promise<SigningKeyInfo>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}
