import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import { isFrontDoorKey } from '../../../functions/core/front-door/front-door-keys.js';
import {
  buildProjectFrontDoor,
  buildTenantFrontDoor,
} from '../../../functions/core/front-door/front-door-view.js';
import { buildOverview } from '../../../functions/core/front-door/overview-view.js';
import { assessPeriods, type StoredPeriodFiles } from '../../../functions/core/front-door/period-entry.js';
import { projectState } from '../../../functions/core/front-door/project-state.js';
import { renderFrontDoor, renderOverview } from '../../../functions/core/front-door/render-front-door.js';
import { type Manifest, renderManifest, sha256Hex } from '../../../functions/core/integrity/manifest.js';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const signer = createLocalKeySigner(privateKey);
const key = await signer.key();
const keys = new Map([[key.fingerprint, key.publicKeyPem]]);
const now = Date.parse('2026-12-01T06:00:00Z');

const summary = (label: string, extra: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      period: { label, from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' },
      complete: true,
      findings: [{}, {}],
      ...extra,
    }),
  );

async function week(
  label: string,
  previous: Manifest['previous'],
  files: string[] = ['report.html'],
  sign = true,
): Promise<StoredPeriodFiles> {
  const manifest = Buffer.from(
    renderManifest({
      schemaVersion: 2,
      projectId: 'P2test0000',
      period: label,
      scope: { kind: 'project' },
      previous,
      signing: sign ? { algorithm: 'ECDSA_P256_SHA256_DER', keyFingerprint: key.fingerprint } : null,
      files: files.map((name) => ({ name, bytes: 1, sha256: 'ab'.repeat(32) })),
    }),
  );
  return {
    label,
    manifest,
    signature: sign ? await signer.sign(manifest) : undefined,
    summary: summary(label),
  };
}
const link = (period: string, files?: StoredPeriodFiles) => ({
  period,
  key: `reports/P2test0000/${period}/manifest.json`,
  sha256: files?.manifest ? sha256Hex(files.manifest) : null,
});

describe('the front door of a project', () => {
  it('states each period’s signature and link against what is stored now', async () => {
    const w45 = await week('2026-W45', link('2026-W44'));
    const w46 = await week('2026-W46', link('2026-W45', w45), [
      'report.html',
      'compliance/soc2.csv',
      'tenants/T1/manifest.json',
    ]);
    const w47 = await week('2026-W47', link('2026-W46', w46));
    const entries = assessPeriods([w45, w46, w47], keys);
    expect(entries.map((e) => [e.label, e.chain.state, e.chain.text])).toEqual([
      [
        '2026-W45',
        'warn',
        expect.stringMatching(/^signed by key [0-9a-f]{12}…; chain starts here \(no 2026-W44 when sealed\)$/),
      ],
      ['2026-W46', 'ok', expect.stringMatching(/; linked to 2026-W45$/)],
      ['2026-W47', 'ok', expect.stringMatching(/; linked to 2026-W46$/)],
    ]);
    // W45 replaced after W46 was sealed, W47's signature forged, an unsigned range.
    const replaced = { ...w45, manifest: Buffer.concat([w45.manifest ?? Buffer.alloc(0), Buffer.from(' ')]) };
    const forged = { ...w47, signature: w46.signature };
    const [, w46Now, w47Now] = assessPeriods([replaced, w46, forged], keys);
    expect(w46Now?.chain).toEqual({
      state: 'bad',
      text: expect.stringMatching(/2026-W45 was replaced after this was sealed$/),
    });
    expect(w47Now?.chain).toEqual({
      state: 'bad',
      text: expect.stringMatching(/^signature does not verify/),
    });
    const unsigned = await week('2026-11-02_2026-11-09', null, ['report.html'], false);
    expect(assessPeriods([unsigned], keys)[0]?.chain).toEqual({
      state: 'warn',
      text: 'unsigned; a custom range, chained to no period',
    });
    expect(assessPeriods([{ label: '2026-W48' }], keys)[0]?.chain.state).toBe('bad');
  });

  it('lists weeks, months, quarters and years newest first, linking each period’s report, CSVs and manifest', async () => {
    const w46 = await week('2026-W46', null, ['report.html', 'compliance/soc2.csv', 'binder.pdf']);
    const w47 = await week('2026-W47', link('2026-W46', w46));
    const month = {
      ...(await week('2026-11', null)),
      summary: summary('2026-11', {
        rollup: { weeks: [{ week: '2026-W46', manifestSha256: sha256Hex(w46.manifest ?? '') }] },
      }),
    };
    const year = { ...(await week('2026', null)), summary: summary('2026') };
    const view = buildProjectFrontDoor('P2test0000', assessPeriods([w46, month, year, w47], keys), now);
    expect(view.groups.map((g) => [g.heading, g.rows.map((r) => r.period)])).toEqual([
      ['Weeks', ['2026-W47', '2026-W46']],
      ['Months', ['2026-11']],
      ['Years', ['2026']],
    ]);
    expect(view.groups[1]?.rows[0]?.chain).toMatch(/built from 1 stored weeks, each unchanged$/);
    expect(view.groups[0]?.rows[1]?.links.map((l) => l.href)).toEqual([
      '2026-W46/report.html',
      '2026-W46/binder.pdf',
      '2026-W46/compliance/soc2.csv',
      '2026-W46/manifest.json',
    ]);
    const html = renderFrontDoor(view);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|<img/);
    expect(html).toContain(`SHA-256 ${sha256Hex(w47.manifest ?? '')}`);
  });

  it('lists the stored days like the weeks: chained day to day, linking into days/<date>/', async () => {
    const dayFiles = async (label: string, previous: Manifest['previous']) => ({
      ...(await week(label, previous)),
      path: `days/${label}/`,
    });
    const d1 = await dayFiles('2026-11-23', {
      period: '2026-11-22',
      key: 'reports/P2test0000/days/2026-11-22/manifest.json',
      sha256: null,
    });
    const d2 = await dayFiles('2026-11-24', {
      period: '2026-11-23',
      key: 'reports/P2test0000/days/2026-11-23/manifest.json',
      sha256: sha256Hex(d1.manifest ?? ''),
    });
    const w47 = await week('2026-W47', null);
    const view = buildProjectFrontDoor('P2test0000', assessPeriods([d1, w47, d2], keys), now);
    expect(view.groups.map((g) => [g.heading, g.rows.map((r) => r.period)])).toEqual([
      ['Weeks', ['2026-W47']],
      ['Days', ['2026-11-24', '2026-11-23']],
    ]);
    const [newest, oldest] = view.groups[1]?.rows ?? [];
    expect(newest?.chain).toMatch(/linked to 2026-11-23$/);
    expect(newest?.chainClass).toBe('ok');
    expect(oldest?.chain).toMatch(/chain starts here/);
    expect(newest?.links.map((l) => l.href)).toEqual([
      'days/2026-11-24/report.html',
      'days/2026-11-24/manifest.json',
    ]);
    // A day is not a week: the project's latest week stays the week.
    const state = projectState({
      projectId: 'P2test0000',
      name: 'P2test0000',
      now,
      entries: assessPeriods([d1, w47, d2], keys),
      signOff: 'no review',
    });
    expect(state.latestWeek?.label).toBe('2026-W47');
  });

  it('gives a tenant only its own periods and files, never another tenant’s', async () => {
    const files = [
      'report.html',
      'tenants/T1/report.html',
      'tenants/T1/manifest.json',
      'tenants/T1/compliance/soc2.csv',
      'tenants/T2/report.html',
      'tenants/T2/manifest.json',
    ];
    const w47 = {
      ...(await week('2026-W47', null, files)),
      summary: summary('2026-W47', {
        tenants: {
          reports: [
            { tenantId: 'T1', findings: 3, complete: true },
            { tenantId: 'T2', findings: 9, complete: false },
          ],
        },
      }),
    };
    const w46 = await week('2026-W46', null, ['report.html', 'tenants/T2/manifest.json']);
    const view = buildTenantFrontDoor('P2test0000', 'T1', assessPeriods([w46, w47], keys), now);
    expect(view.groups.flatMap((g) => g.rows.map((r) => [r.period, r.findings, r.completeness]))).toEqual([
      ['2026-W47', '3', 'complete'],
    ]);
    const html = renderFrontDoor(view);
    expect(html).toContain('../../2026-W47/tenants/T1/report.html');
    expect(html).toContain('../../2026-W47/tenants/T1/compliance/soc2.csv');
    expect(html).not.toContain('T2');
    expect(view.groups[0]?.rows[0]?.manifestSha256).toBe('ab'.repeat(32));
  });
});

describe('the overview of every project', () => {
  it('shows each project’s latest week and names a configured project that stored nothing', async () => {
    const w47 = await week('2026-W47', null);
    const state = projectState({
      projectId: 'P2test0000',
      name: '<b>prod</b>',
      now,
      entries: assessPeriods([w47], keys),
      signOff: 'pending',
    });
    const view = buildOverview([state], ['P2test0000', 'P2other000'], now, '2026-W47');
    expect(view.subject).toBe('Descope audit reports 2026-W47 · 1 project · 2 findings');
    expect(view.missing).toEqual(['P2other000']);
    const html = renderOverview(view);
    expect(html).toContain('&lt;b&gt;prod&lt;/b&gt;');
    expect(html).toContain('awaiting sign-off');
    expect(html).toContain('href="P2test0000/index.html"');
  });

  it('names exactly the objects a run rewrites', () => {
    for (const key of [
      'reports/index.html',
      'reports/P2x/index.html',
      'reports/P2x/index.json',
      'reports/P2x/tenants/T1/index.html',
    ]) {
      expect(isFrontDoorKey(key), key).toBe(true);
    }
    for (const key of [
      'reports/P2x/2026-W47/index.html',
      'reports/P2x/2026-W47/report.html',
      'index.html',
      'reports/keys/x.pem',
    ]) {
      expect(isFrontDoorKey(key), key).toBe(false);
    }
  });
});
