import { MANIFEST_FILE, SIGNATURE_FILE } from '../integrity/manifest.js';
import { publicKeyKey } from '../integrity/signing-key.js';
import type { ReportSeal } from './report-model.js';

/** How the folder is sealed: signed or not (and why), by which key, and the link to the previous week. */
export function integritySummary(seal: ReportSeal) {
  return {
    manifest: MANIFEST_FILE,
    signed: seal.signing !== null,
    ...(seal.signing
      ? {
          signature: SIGNATURE_FILE,
          algorithm: seal.signing.algorithm,
          keyFingerprint: seal.signing.keyFingerprint,
          publicKey: publicKeyKey(seal.signing.keyFingerprint),
        }
      : { unsignedReason: seal.unsignedReason ?? 'no signing key' }),
    previousManifest: seal.previous,
    // A later revision names the sealed manifest it supersedes; the first has no such key.
    ...(seal.revision ? { revision: seal.revision } : {}),
  };
}
