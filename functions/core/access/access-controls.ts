/** The report section holding the access review. */
export const ACCESS_SECTION = 'access-review';
export const ACCESS_SECTION_TITLE = 'Access review';

/** Where the snapshot and its attestation are stored, relative to the report's folder. */
export const ACCESS_FILES = {
  snapshot: 'access/snapshot.json',
  roleHolders: 'access/role-holders.csv',
  accessKeys: 'access/access-keys.csv',
  attestation: 'access/attestation.json',
  /** Detached signature of the attestation (ECDSA P-256 over SHA-256, DER), when signed. */
  attestationSignature: 'access/attestation.sig',
} as const;
