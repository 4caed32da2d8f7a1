import { KMSClient } from '@aws-sdk/client-kms';
import { createKmsManifestSigner } from '../adapters/kms-manifest-signer.js';
import { loadLocalKeySigner } from '../adapters/local-key-signer.js';
import type { ManifestSigner } from '../adapters/manifest-signer.js';
import { ConfigError } from '../shared/errors.js';

/**
 * The reviewer's own key, never the manifest-signing key (a reviewer holding that could sign
 * manifests): `ATTESTATION_SIGNING_KEY_FILE`, a P-256 PKCS#8 PEM whose public key the deployment
 * lists (`attestationPublicKeys`), or `ATTESTATION_SIGNING_KEY_ARN`, the stack's attestation KMS key,
 * which the reviewer role may sign digests with. Neither: the attestation is stored unsigned.
 */
export async function loadAttestationSigner(env: {
  ATTESTATION_SIGNING_KEY_FILE?: string;
  ATTESTATION_SIGNING_KEY_ARN?: string;
}): Promise<ManifestSigner | undefined> {
  const file = env.ATTESTATION_SIGNING_KEY_FILE;
  const arn = env.ATTESTATION_SIGNING_KEY_ARN;
  if (file && arn) {
    throw new ConfigError('Set ATTESTATION_SIGNING_KEY_FILE or ATTESTATION_SIGNING_KEY_ARN, not both');
  }
  if (file) return loadLocalKeySigner(file, 'ATTESTATION_SIGNING_KEY_FILE');
  if (arn) {
    const signer = createKmsManifestSigner(new KMSClient({ region: arn.split(':')[3] }), arn);
    await signer.key(); // fails now, before anything is stored, when the reviewer may not use it
    return signer;
  }
  return undefined;
}
