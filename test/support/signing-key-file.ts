import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh ECDSA P-256 manifest signing key, its private half in a scratch folder of its own. */
export interface SigningKeyFile {
  /** The PEM file the job reads (`REPORT_SIGNING_KEY_FILE`). */
  file: string;
  /** The public key (SPKI PEM) a test checks signatures with. */
  publicKey: string;
  /** Removes the scratch folder and the key in it. */
  remove(): Promise<void>;
}

/** Writes a new signing key as a deployment's key file would hold it (PKCS #8 PEM). */
export async function writeSigningKeyFile(prefix: string): Promise<SigningKeyFile> {
  const pair = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const file = join(dir, 'signing.pem');
  await writeFile(file, pair.privateKey);
  return { file, publicKey: pair.publicKey, remove: () => rm(dir, { recursive: true, force: true }) };
}
