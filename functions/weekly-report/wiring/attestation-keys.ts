import { KMSClient } from '@aws-sdk/client-kms';
import { createKmsManifestSigner } from '../../adapters/kms-manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { type TrustedKey, trustedKey } from '../../core/integrity/public-key-set.js';
import { publicKeyKey } from '../../core/integrity/signing-key.js';

/**
 * The keys a reviewer's sign-off may be signed with, as the stack names them: the attestation KMS
 * key (`REPORT_ATTESTATION_KEY_ARN`, its public key read from KMS) and the reviewers' own keys
 * (`REPORT_ATTESTATION_KEY_FINGERPRINTS`). A reviewer's key is read from `reports/keys/<fingerprint>.pem`
 * where `npm run attest` published it, and used only when its own fingerprint is the one the stack
 * lists: the bucket never decides which key is trusted. A listed key not yet published signed nothing.
 */
export async function loadAttestationKeys(
  store: ReportStore,
  config: { REPORT_ATTESTATION_KEY_ARN?: string; REPORT_ATTESTATION_KEY_FINGERPRINTS?: string },
): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  const arn = config.REPORT_ATTESTATION_KEY_ARN;
  if (arn) {
    const key = await createKmsManifestSigner(new KMSClient({}), arn).key();
    keys.push({ pem: key.publicKeyPem, fingerprint: key.fingerprint });
  }
  const listed = config.REPORT_ATTESTATION_KEY_FINGERPRINTS?.split(',') ?? [];
  for (const fingerprint of listed) {
    const body = await store.get(publicKeyKey(fingerprint));
    if (!body) continue;
    const key = readKey(Buffer.from(body).toString('utf8'));
    if (key?.fingerprint === fingerprint) keys.push(key);
  }
  return keys;
}

function readKey(pem: string): TrustedKey | undefined {
  try {
    return trustedKey(pem);
  } catch {
    return undefined;
  }
}
