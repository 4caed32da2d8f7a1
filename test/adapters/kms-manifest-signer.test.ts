import { createHash, generateKeyPairSync } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createKmsManifestSigner } from '../../functions/adapters/kms-manifest-signer.js';
import { isValidSignature } from '../../functions/core/integrity/check-signature.js';
import { keyFingerprint, publicKeyKey } from '../../functions/core/integrity/signing-key.js';
import { ManifestSigningError } from '../../functions/shared/errors.js';
import { publishSigningKey } from '../../functions/weekly-report/publish/seal-manifest.js';
import { inMemoryReportStore } from '../support/in-memory-report-store.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** A real P-256 key standing in for the KMS key: the mock signs the digest it receives with it. */
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
const scalar = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());
// Other files in this worker use the real client.
afterAll(() => kms.restore());

function answerLikeKms() {
  kms.on(GetPublicKeyCommand).resolves({ KeyId: KEY_ARN, KeySpec: 'ECC_NIST_P256', PublicKey: spki });
  // KMS signs the 32-byte digest as given (MessageType DIGEST) and answers DER.
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
    Signature: p256.sign(input.Message, scalar, { prehash: false, format: 'der' }),
  }));
}

describe('the KMS manifest signer', () => {
  it('sends only the SHA-256 digest, and its signature verifies with the published public key', async () => {
    answerLikeKms();
    const signer = createKmsManifestSigner(new KMSClient({ region: 'eu-west-1' }), KEY_ARN);
    const { store, text } = inMemoryReportStore();
    const key = await publishSigningKey(store, { signer });
    expect(key?.fingerprint).toBe(keyFingerprint(spki));
    const published = text(publicKeyKey(keyFingerprint(spki)));
    expect(published).toContain('-----BEGIN PUBLIC KEY-----');

    const manifest = Buffer.from('{"files":[],"schemaVersion":2}');
    const signature = await signer.sign(manifest);
    expect(isValidSignature(manifest, signature, published)).toBe(true);
    expect(isValidSignature(Buffer.from('{"files":[]}'), signature, published)).toBe(false);

    const [call] = kms.commandCalls(SignCommand);
    expect(call?.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(Buffer.from(call?.args[0].input.Message ?? [])).toEqual(
      createHash('sha256').update(manifest).digest(),
    );
  });

  it('reads the public key once per signer', async () => {
    answerLikeKms();
    const signer = createKmsManifestSigner(new KMSClient({ region: 'eu-west-1' }), KEY_ARN);
    await signer.key();
    await signer.key();
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('refuses a key that is not ECC_NIST_P256, and names a failed Sign', async () => {
    kms.on(GetPublicKeyCommand).resolves({ KeySpec: 'RSA_2048', PublicKey: spki });
    kms.on(SignCommand).rejects(new Error('AccessDeniedException: not allowed'));
    const signer = createKmsManifestSigner(new KMSClient({ region: 'eu-west-1' }), KEY_ARN);
    await expect(signer.key()).rejects.toThrow(/must be ECC_NIST_P256, got RSA_2048/);
    await expect(signer.sign(Buffer.from('x'))).rejects.toBeInstanceOf(ManifestSigningError);
  });
});
