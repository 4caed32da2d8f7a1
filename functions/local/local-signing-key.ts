import { generateKeyPairSync } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The demo's signing key pair: a PKCS#8 private key and its SPKI public key, both PEM. */
export interface LocalSigningKey {
  privateKeyFile: string;
  publicKeyFile: string;
  created: boolean;
}

/**
 * Creates a P-256 key pair in `directory` on first use and reuses it afterwards, so the demo's
 * weeks chain under one key. The private key file is readable by its owner only.
 */
export async function ensureLocalSigningKey(
  directory: string,
  name = 'manifest-signing-key',
): Promise<LocalSigningKey> {
  const privateKeyFile = join(directory, `${name}.pem`);
  const publicKeyFile = join(directory, `${name}.pub.pem`);
  const exists = await access(privateKeyFile).then(
    () => true,
    () => false,
  );
  if (exists) return { privateKeyFile, publicKeyFile, created: false };
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await mkdir(directory, { recursive: true });
  await writeFile(privateKeyFile, privateKey, { mode: 0o600 });
  await writeFile(publicKeyFile, publicKey);
  return { privateKeyFile, publicKeyFile, created: true };
}
