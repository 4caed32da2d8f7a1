import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyFingerprint } from '../core/integrity/signing-key.js';
import { ConfigError, describeError } from '../shared/errors.js';
import type { ManifestSigner } from './manifest-signer.js';

/** A P-256 private key as a manifest signer (the CLI's `REPORT_SIGNING_KEY_FILE`). */
export function createLocalKeySigner(privateKey: KeyObject): ManifestSigner {
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError('The signing key must be an ECDSA P-256 (prime256v1) private key');
  }
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const info = {
    fingerprint: keyFingerprint(spki),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  return {
    key: () => Promise.resolve(info),
    sign: (message) => Promise.resolve(new Uint8Array(sign('sha256', message, privateKey))),
  };
}

/**
 * Reads a PKCS#8 PEM private key from `path`. Every failure names `variable` (and never prints the
 * file's content).
 */
export async function loadLocalKeySigner(path: string, variable: string): Promise<ManifestSigner> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${path}`, { cause: error });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new ConfigError(`${variable}: ${path} is not a PEM private key (PKCS#8 expected)`);
  }
  try {
    return createLocalKeySigner(key);
  } catch (error) {
    throw new ConfigError(`${variable}: ${describeError(error)}`);
  }
}
