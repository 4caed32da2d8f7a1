import { describe, expect, it } from 'vitest';
import { type Manifest, renderManifest } from '../../../functions/core/integrity/manifest.js';
import { previousManifestKey } from '../../../functions/core/integrity/manifest-chain.js';
import { parseManifest } from '../../../functions/core/integrity/parse-manifest.js';
import { isOperationalFile } from '../../../functions/core/integrity/report-files.js';
import { customPeriod, parseIsoWeek } from '../../../functions/core/period/period.js';

const hash = (c: string) => c.repeat(64);
const manifest: Manifest = {
  schemaVersion: 2,
  projectId: 'P2abc12345',
  period: '2026-W47',
  scope: { kind: 'project' },
  previous: { period: '2026-W46', key: 'reports/P2abc12345/2026-W46/manifest.json', sha256: hash('a') },
  signing: { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: hash('b') },
  files: [
    { name: 'z.csv', bytes: 2, sha256: hash('c') },
    { name: 'a.csv', bytes: 1, sha256: hash('d') },
  ],
};

describe('the canonical manifest', () => {
  it('sorts keys and files and has no insignificant whitespace', () => {
    const text = renderManifest(manifest);
    expect(text.startsWith('{"files":[{"bytes":1,"name":"a.csv"')).toBe(true);
    expect(text).not.toMatch(/\s/);
    expect(text.indexOf('"period"')).toBeLessThan(text.indexOf('"previous"'));
  });

  it('reads back what it wrote, and flags a re-formatted manifest as not canonical', () => {
    const text = renderManifest(manifest);
    const parsed = parseManifest(Buffer.from(text));
    expect(parsed).toMatchObject({ ok: true, canonical: true });
    const pretty = parseManifest(Buffer.from(JSON.stringify(JSON.parse(text), null, 2)));
    expect(pretty).toMatchObject({ ok: true, canonical: false });
  });

  it('refuses what is not a version 2 manifest, naming the field', () => {
    expect(parseManifest(Buffer.from('{"files":[]}'))).toMatchObject({ ok: false });
    const bad = parseManifest(
      Buffer.from(renderManifest({ ...manifest, files: [{ name: 'x', bytes: -1, sha256: 'no' }] })),
    );
    expect(bad.ok ? '' : bad.problem).toMatch(/files\.0\.(bytes|sha256)/);
  });
});

describe('manifest file names', () => {
  it.each(['../x.csv', '/etc/passwd', 'evidence/../../x', 'a\\b', './x', 'tenants/..'])(
    'refuses %s',
    (name) => {
      const parsed = parseManifest(
        Buffer.from(renderManifest({ ...manifest, files: [{ name, bytes: 1, sha256: hash('e') }] })),
      );
      expect(parsed.ok ? '' : parsed.problem).toContain('must be a relative path inside the folder');
    },
  );

  it.each(['evidence/login-failures/part-0001.ndjson.gz', 'tenants/T1/report.html', '.well-known'])(
    'accepts %s',
    (name) => {
      const parsed = parseManifest(
        Buffer.from(renderManifest({ ...manifest, files: [{ name, bytes: 1, sha256: hash('e') }] })),
      );
      expect(parsed.ok).toBe(true);
    },
  );
});

describe('the chain link', () => {
  it('names the previous ISO week of the same scope, and nothing for a custom range', () => {
    expect(
      previousManifestKey('P2abc12345', parseIsoWeek('2026-W01'), { kind: 'tenant', tenantId: 'T1' }),
    ).toEqual({
      period: '2025-W52',
      key: 'reports/P2abc12345/2025-W52/tenants/T1/manifest.json',
    });
    expect(
      previousManifestKey('P2abc12345', customPeriod('2026-11-16T00:00:00Z', '2026-11-17T00:00:00Z'), {
        kind: 'project',
      }),
    ).toBeUndefined();
  });
});

describe('files a manifest never lists', () => {
  it.each([
    ['manifest.json', true],
    ['manifest.sig', true],
    ['delivery.json', true],
    ['collection-state.json', true],
    ['tenants/T1/manifest.sig', true],
    ['tenants/T1/delivery.json', true],
    ['tenants/T1/manifest.json', false],
    ['tenants/T1/collection-state.json', false],
    ['evidence/manifest.sig', false],
    ['report.html', false],
  ])('%s → %s', (name, expected) => {
    expect(isOperationalFile(name)).toBe(expected);
  });
});
