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
      "manifest.json states period 2026-W09, but this folder is 2026-W10's (another period's files?)",
    ],
    [
      'another project',
      () => sealed({ projectId: 'P2' }),
      "manifest.json states project P2, but this folder is project P1's",
    ],
    [
      'a tenant’s folder',
      () => sealed({ scope: { kind: 'tenant', tenantId: 'T1' } }),
      "manifest.json states scope tenant T1, but this folder is the project scope's",
    ],
    [
      'unsigned',
      () => ({ ...sealed({ signing: null }), signature: undefined }),
      'manifest.json is not signed: nothing proves who wrote it',
    ],
    ['without its signature', () => ({ ...sealed(), signature: undefined }), 'manifest.sig missing'],
    [
      'signed by another key that it names',
      () => sealed({}, other),
      `manifest.json names signing key ${other.trusted.fingerprint}, not a given key (${own.trusted.fingerprint})`,
    ],
    [
      'naming the run’s key but signed by another',
      () => {
        const { body } = sealed();
        return { body, signature: new Uint8Array(sign('sha256', body, other.privateKey)) };
      },
      `manifest.json does not verify with the given key ${own.trusted.fingerprint}`,
    ],
    ['not JSON', () => ({ body: Buffer.from('nope'), signature: undefined }), 'manifest.json is not JSON'],
  ])('refuses %s, saying why', (_case, make, problem) => {
    const { body, signature } = make();
    expect(checkSealedManifest(body, signature, own.trusted, expected)).toEqual({ ok: false, problem });
  });

  it('refuses a file that differs from its manifest entry or is not listed', () => {
    const checked = checkSealedManifest(sealed().body, sealed().signature, own.trusted, expected);
    if (!checked.ok) throw new Error(checked.problem);
    expect(checkListedName(checked.manifest, 'summary.json', Buffer.from('{}'))).toMatch(
      /^summary.json differs from its folder's manifest \(size 2 bytes, the manifest says \d+\)$/,
    );
    expect(checkListedName(checked.manifest, 'access/snapshot.json', summary)).toBe(
      "access/snapshot.json is not listed in its folder's manifest",
    );
  });
});
