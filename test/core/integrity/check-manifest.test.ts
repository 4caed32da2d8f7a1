import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkListedFile, checkManifestBytes } from '../../../functions/core/integrity/check-manifest.js';
import {
  renderManifest,
  SIGNATURE_ALGORITHM,
  sha256Hex,
} from '../../../functions/core/integrity/manifest.js';
import { isMutableReportKey } from '../../../functions/core/integrity/mutable-report-keys.js';
import { trustedKey } from '../../../functions/core/integrity/public-key-set.js';
import { parseReportFolder } from '../../../functions/core/integrity/report-path.js';
import { revisionOfName, revisionPrefix } from '../../../functions/core/integrity/revision-layout.js';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const key = trustedKey(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
const manifest = (period: string, revision?: number) =>
  Buffer.from(
    renderManifest({
      schemaVersion: 2,
      projectId: 'P2core0001',
      period,
      scope: { kind: 'project' },
      previous: null,
      signing: { algorithm: SIGNATURE_ALGORITHM, keyFingerprint: key.fingerprint },
      files: [],
      revision: revision ? { number: revision, supersedes: null } : undefined,
    }),
  );
const expected = {
  projectId: 'P2core0001',
  period: '2026-W11',
  scope: { kind: 'project' as const },
  revision: 1,
};

describe('checking a manifest from its bytes, against what its folder says', () => {
  it('passes a signed manifest of the expected period, and names every difference otherwise', () => {
    const own = manifest('2026-W11');
    expect(
      checkManifestBytes({
        bytes: own,
        signature: sign('sha256', own, pair.privateKey),
        keys: [key],
        expected,
      }),
    ).toMatchObject({
      signatureVerified: true,
      problems: [],
    });
    const other = manifest('2026-W10', 2);
    const verdict = checkManifestBytes({
      bytes: other,
      signature: sign('sha256', other, pair.privateKey),
      keys: [key],
      expected,
    });
    expect(verdict.signatureVerified).toBe(true);
    expect(verdict.problems.map((p) => p.problem)).toEqual([
      "states period 2026-W10, but this folder is 2026-W11's (another period's files?)",
      'states revision 2, but this folder holds revision 1',
    ]);
    expect(checkManifestBytes({ bytes: own, signature: undefined, keys: [key], expected }).problems).toEqual([
      { file: 'manifest.sig', problem: 'missing' },
    ]);
  });

  it('checks a listed file by size and SHA-256', () => {
    const body = Buffer.from('a,b\n');
    expect(checkListedFile({ bytes: 4, sha256: sha256Hex(body) }, body)).toBeUndefined();
    expect(checkListedFile({ bytes: 5, sha256: sha256Hex(body) }, body)).toBe(
      'size 4 bytes, the manifest says 5',
    );
  });
});

describe('report paths, revisions and mutable keys', () => {
  it.each([
    ['reports/P1/2026-W11/', { period: '2026-W11', revision: 1, scope: { kind: 'project' } }],
    [
      'reports/P1/2026-W11/revisions/3/tenants/T1/',
      { revision: 3, scope: { kind: 'tenant', tenantId: 'T1' } },
    ],
    ['reports/P1/2026-Q4/manifest.json', { period: '2026-Q4', revision: 1 }],
    ['reports/P1/2026-W11/revisions/1/', undefined],
    ['reports/P1/2026-W11/evidence/', undefined],
    ['reports/P1/../2026-W11/', undefined],
  ])('%s', (key, parsed) => {
    const result = parseReportFolder(key);
    if (parsed === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject(parsed);
  });

  it('lays revisions out beside the first and tells which a name belongs to', () => {
    expect(revisionPrefix('reports/P/W/', 1)).toBe('reports/P/W/');
    expect(revisionPrefix('reports/P/W/', 2)).toBe('reports/P/W/revisions/2/');
    expect([
      revisionOfName('report.html'),
      revisionOfName('revisions/2/x'),
      revisionOfName('revisions/x'),
    ]).toEqual([undefined, 2, null]);
  });

  it('knows the mutable records, in a tenant folder too, and nothing else', () => {
    expect(isMutableReportKey('reports/P/W/tenants/T/delivery.json')).toBe(true);
    expect(isMutableReportKey('reports/P/W/run-lock.json')).toBe(true);
    expect(isMutableReportKey('reports/P/W/report.html')).toBe(false);
    expect(isMutableReportKey('elsewhere/run-lock.json')).toBe(false);
    expect(isMutableReportKey('reports/P/W/channels/security-slack.json')).toBe(true);
    expect(isMutableReportKey('reports/P/W/tenants/T/channels/hook.json')).toBe(true);
    expect(isMutableReportKey('reports/P/W/channels/hook.json.gz')).toBe(false);
  });
});
