import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { keyFingerprint, spkiToPem } from '../core/integrity/signing-key.js';
import { describeError, ManifestSigningError } from '../shared/errors.js';
import type { ManifestSigner, SigningKeyInfo } from './manifest-signer.js';

/**
 * Signs with a KMS asymmetric key (`ECC_NIST_P256`, `SIGN_VERIFY`). The manifest never leaves the
 * function: its SHA-256 is sent with `MessageType: DIGEST` (which the key policy requires), and KMS
 * answers an ECDSA signature in DER. The public key is read once with `GetPublicKey`.
 */
export function createKmsManifestSigner(client: KMSClient, keyId: string): ManifestSigner {
  let info: Promise<SigningKeyInfo> | undefined;
  const readKey = async (): Promise<SigningKeyInfo> => {
    const answer = await client.send(new GetPublicKeyCommand({ KeyId: keyId })).catch((error: unknown) => {
      throw new ManifestSigningError(
        `Could not read the signing key's public key: ${describeError(error, 'name: message')}`,
        {
          cause: error,
        },
      );
    });
    if (answer.KeySpec !== 'ECC_NIST_P256' || !answer.PublicKey) {
      throw new ManifestSigningError(
        `The signing key must be ECC_NIST_P256, got ${answer.KeySpec ?? 'nothing'}`,
      );
    }
    return { fingerprint: keyFingerprint(answer.PublicKey), publicKeyPem: spkiToPem(answer.PublicKey) };
  };
  return {
    key() {
      info ??= readKey();
      info.catch(() => {
        info = undefined;
      });
      return info;
    },
    async sign(message) {
      const digest = createHash('sha256').update(message).digest();
      try {
        const answer = await client.send(
          new SignCommand({
            KeyId: keyId,
            Message: digest,
            MessageType: 'DIGEST',
            SigningAlgorithm: 'ECDSA_SHA_256',
          }),
        );
        if (!answer.Signature) throw new Error('KMS answered no signature');
        return answer.Signature;
      } catch (error) {
        throw new ManifestSigningError(
          `Could not sign the manifest with KMS: ${describeError(error, 'name: message')}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
