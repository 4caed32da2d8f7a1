import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkListedName,
  checkSealedManifest,
} from '../../../functions/core/integrity/check-sealed-input.js';
import { describeFile, type Manifest, renderManifest } from '../../../functions/core/integrity/manifest.js';
import { keyFingerprint } from '../../../functions/core/integrity/signing-key.js';

function keyPair() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    trusted: {
      pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      fingerprint: keyFingerprint(publicKey.export({ type: 'spki', format: 'der' })),
    },
  };
}
const own = keyPair();
const other = keyPair();
const summary = Buffer.from('{"queries":[]}\n');
const expected = { projectId: 'P1', period: '2026-W10', scope: { kind: 'project' as const } };

function sealed(changes: Partial<Manifest> = {}, by = own) {
  const manifest: Manifest = {
    schemaVersion: 2,
    projectId: 'P1',
    period: '2026-W10',
    scope: { kind: 'project' },
    previous: null,
    signing: { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: by.trusted.fingerprint },
    files: [describeFile('summary.json', summary)],
    ...changes,
  };
  const body = Buffer.from(renderManifest(manifest));
  return { body, signature: new Uint8Array(sign('sha256', body, by.privateKey)) };
}

describe('checking a stored manifest before the run uses it', () => {
  it('accepts the expected folder’s manifest signed by the run’s key', () => {
    const { body, signature } = sealed();
    const checked = checkSealedManifest(body, signature, own.trusted, expected);
    expect(checked).toMatchObject({ ok: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    if (checked.ok) expect(checkListedName(checked.manifest, 'summary.json', summary)).toBeUndefined();
  });

  it.each([
    [
      'another week',
      () => sealed({ period: '2026-W09' }),
      'the manifest states period 2026-W09, not 2026-W10',
    ],
    ['another project', () => sealed({ projectId: 'P2' }), "the manifest is project P2's, not P1's"],
    [
      'a tenant’s folder',
      () => sealed({ scope: { kind: 'tenant', tenantId: 'T1' } }),
      "the manifest is the tenant T1's, not the project's",
    ],
    [
      'unsigned',
      () => ({ ...sealed({ signing: null }), signature: undefined }),
      'the manifest is not signed',
    ],
    ['without its signature', () => ({ ...sealed(), signature: undefined }), 'manifest.sig is missing'],
    [
      'signed by another key that it names',
      () => sealed({}, other),
      `the manifest names signing key ${other.trusted.fingerprint}, not this run's key ${own.trusted.fingerprint}`,
    ],
    [
      'naming the run’s key but signed by another',
      () => {
        const { body } = sealed();
        return { body, signature: new Uint8Array(sign('sha256', body, other.privateKey)) };
      },
      "manifest.sig does not verify with this run's public key",
    ],
    ['not JSON', () => ({ body: Buffer.from('nope'), signature: undefined }), 'the manifest is not JSON'],
  ])('refuses %s, saying why', (_case, make, problem) => {
    const { body, signature } = make();
    expect(checkSealedManifest(body, signature, own.trusted, expected)).toEqual({ ok: false, problem });
  });

  it('refuses a file that differs from its manifest entry or is not listed', () => {
    const checked = checkSealedManifest(sealed().body, sealed().signature, own.trusted, expected);
    if (!checked.ok) throw new Error(checked.problem);
    expect(checkListedName(checked.manifest, 'summary.json', Buffer.from('{}'))).toMatch(
      /^summary.json differs from its folder's manifest \(SHA-256 [0-9a-f]{64}, sealed [0-9a-f]{64}\)$/,
    );
    expect(checkListedName(checked.manifest, 'access/snapshot.json', summary)).toBe(
      "access/snapshot.json is not listed in its folder's manifest",
    );
  });
});
