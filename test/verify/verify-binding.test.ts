import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../functions/core/integrity/manifest.js';
import { ConfigError } from '../../functions/shared/errors.js';
import { runVerify } from '../../functions/verify/verify-cli.js';
import { signingKey, writeSignedReport } from './support/signed-report.js';

const P = 'P2bindTest01';
let work: string;
let key: Awaited<ReturnType<typeof signingKey>>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'verify-binding-'));
  key = await signingKey(work, 'manifest');
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function verify(argv: string[]) {
  const lines: string[] = [];
  const code = await runVerify(argv, {}, { print: (l) => lines.push(l), now: () => 0 });
  return { code, out: lines.join('\n'), lines };
}

/** A fresh bucket-like root holding one signed week with a tenant. */
async function weekIn(period: string, extra: Parameters<typeof writeSignedReport>[1]['files'] = {}) {
  const root = await mkdtemp(join(work, 'root-'));
  await writeSignedReport(
    root,
    {
      projectId: P,
      period,
      prefix: `reports/${P}/${period}/`,
      files: { 'report.html': `<p>${period}</p>`, 'lockouts.csv': 'user_id\n', ...extra },
      tenants: { T1: { 'report.html': `<p>${period} T1</p>` } },
    },
    key,
  );
  return root;
}

describe('a signed week verifies only as itself', () => {
  it("fails another week's intact, signed files put in this week's folder, naming both periods", async () => {
    const root = await weekIn('2026-W10');
    await cp(join(root, `reports/${P}/2026-W10`), join(root, `reports/${P}/2026-W11`), { recursive: true });
    const own = await verify(['--public-key', key.publicFile, join(root, `reports/${P}/2026-W10`)]);
    expect(own.code).toBe(0);

    const swapped = await verify(['--public-key', key.publicFile, join(root, `reports/${P}/2026-W11`)]);
    expect(swapped.lines[0]).toBe(
      `Verifying 2026-W11, project scope of project ${P} at ${join(root, `reports/${P}/2026-W11`)}`,
    );
    expect(swapped.out).toContain(
      "FAIL manifest.json: states period 2026-W10, but this folder is 2026-W11's (another period's files?)",
    );
    expect(swapped.out).toContain('FAIL tenants/T1/manifest.json: states period 2026-W10');
    expect(swapped.out).toContain('NOT VERIFIED 2026-W11, project scope');
    expect(swapped.code).toBe(1);

    const json = await verify([
      '--json',
      '--public-key',
      key.publicFile,
      join(root, `reports/${P}/2026-W11`),
    ]);
    expect(JSON.parse(json.out)).toMatchObject({
      verdict: 'not-verified',
      period: '2026-W11',
      scope: 'project',
      projectId: P,
      keyFingerprint: key.fingerprint,
      givenKeys: [key.fingerprint],
      versionsChecked: null,
    });
  });

  it('binds a folder downloaded on its own by its name, or by --period when the name does not say', async () => {
    const root = await weekIn('2026-W10');
    const alone = join(work, `alone-${Date.now()}`);
    await cp(join(root, `reports/${P}/2026-W10`), join(alone, '2026-W11'), { recursive: true });
    await cp(join(root, `reports/${P}/2026-W10`), join(alone, 'download'), { recursive: true });

    const named = await verify(['--public-key', key.publicFile, join(alone, '2026-W11')]);
    expect(named.out).toContain('FAIL manifest.json: states period 2026-W10');
    expect(named.out).toContain("note: the folder's path does not name the project");
    expect(named.code).toBe(1);

    await expect(verify(['--public-key', key.publicFile, join(alone, 'download')])).rejects.toThrow(
      ConfigError,
    );
    await expect(verify(['--public-key', key.publicFile, join(alone, 'download')])).rejects.toThrow(
      /pass --period/,
    );
    const wrong = await verify([
      '--period',
      '2026-W11',
      '--public-key',
      key.publicFile,
      join(alone, 'download'),
    ]);
    expect(wrong.code).toBe(1);
    const right = await verify([
      '--period',
      '2026-W10',
      '--project',
      P,
      '--public-key',
      key.publicFile,
      join(alone, 'download'),
    ]);
    expect(right.out).toContain(`VERIFIED 2026-W10, project scope of project ${P}`);
    expect(right.code).toBe(0);
    await expect(
      verify(['--period', '2026-W12', '--public-key', key.publicFile, join(root, `reports/${P}/2026-W10`)]),
    ).rejects.toThrow(/--period 2026-W12 \(the path says 2026-W10\)/);
  });

  it("fails one tenant's folder put in another tenant's place", async () => {
    const root = await weekIn('2026-W10');
    const week = join(root, `reports/${P}/2026-W10`);
    await cp(join(week, 'tenants/T1'), join(week, 'tenants/T2'), { recursive: true });
    const tenant = await verify(['--public-key', key.publicFile, join(week, 'tenants/T2')]);
    expect(tenant.lines[0]).toContain('Verifying 2026-W10, tenant T2 scope');
    expect(tenant.out).toContain(
      "FAIL manifest.json: states scope tenant T1, but this folder is the tenant T2 scope's",
    );
    expect(tenant.code).toBe(1);
    // In the week, T2's files are in no manifest at all.
    const whole = await verify(['--public-key', key.publicFile, week]);
    expect(whole.out).toContain('FAIL tenants/T2/report.html: not listed in the manifest');
    expect(whole.out).toContain(
      'FAIL tenants/T2/report.html: no verified manifest of tenant T2 accounts for it',
    );
  });
});

describe('what a folder holds besides the listed files', () => {
  it('reports symbolic links, listed or not, and never reads through them', async () => {
    const root = await weekIn('2026-W10');
    const other = await weekIn('2026-W09');
    const week = join(root, `reports/${P}/2026-W10`);
    // The same bytes, reached through a link: still not the stored file.
    const copy = join(work, `copy-${Date.now()}.html`);
    await cp(join(week, 'report.html'), copy);
    await rm(join(week, 'report.html'));
    await symlink(copy, join(week, 'report.html'));
    await symlink(join(other, `reports/${P}/2026-W09/report.html`), join(week, 'extra.html'));
    const { code, out } = await verify(['--public-key', key.publicFile, week]);
    expect(out).toContain('FAIL report.html: is a symbolic link, not a regular file: not read');
    expect(out).toContain('FAIL extra.html: is a symbolic link, not a regular file: not read');
    expect(code).toBe(1);
  });

  it("reports a tenant's file the project manifest lists but the tenant's own manifest does not", async () => {
    const root = await mkdtemp(join(work, 'root-'));
    const prefix = `reports/${P}/2026-W10/`;
    const planted = { 'tenants/T1/b.csv': 'x\n', 'tenants/T9/c.csv': 'y\n' };
    for (const [name, body] of Object.entries(planted)) {
      await mkdir(join(root, prefix, name, '..'), { recursive: true });
      await writeFile(join(root, prefix, name), body);
    }
    await writeSignedReport(
      root,
      {
        projectId: P,
        period: '2026-W10',
        prefix,
        files: { 'report.html': 'r' },
        tenants: { T1: { 'a.csv': 'a\n' } },
        extraEntries: Object.entries(planted).map(([name, body]) => ({
          name,
          bytes: Buffer.byteLength(body),
          sha256: sha256Hex(body),
        })),
      },
      key,
    );
    const { code, out } = await verify(['--public-key', key.publicFile, join(root, prefix)]);
    expect(out).toContain('FAIL tenants/T1/b.csv: not listed in tenants/T1/manifest.json');
    expect(out).toContain('FAIL tenants/T9/c.csv: no verified manifest of tenant T9 accounts for it');
    expect(out).not.toContain('FAIL tenants/T1/a.csv');
    expect(code).toBe(1);
  });
});

describe('the revisions of a period', () => {
  const rev2 = async (root: string, folder: string, number = 2) => {
    const first = await readFile(join(root, `reports/${P}/2026-W10/manifest.json`));
    await writeSignedReport(
      root,
      {
        projectId: P,
        period: '2026-W10',
        prefix: `reports/${P}/2026-W10/${folder}`,
        files: { 'report.html': '<p>revised</p>' },
        revision: {
          number,
          supersedes: { key: `reports/${P}/2026-W10/manifest.json`, sha256: sha256Hex(first) },
        },
      },
      key,
    );
  };

  it('verifies every revision of the week, each chained to the one it supersedes', async () => {
    const root = await weekIn('2026-W10');
    await rev2(root, 'revisions/2/');
    const week = join(root, `reports/${P}/2026-W10`);
    const { code, out, lines } = await verify(['--public-key', key.publicFile, week]);
    expect(lines.filter((l) => l.startsWith('revision '))).toEqual([
      expect.stringMatching(/^revision 1: sealed, manifest.json SHA-256 [0-9a-f]{64}, signature verified/),
      expect.stringMatching(/^revision 2: sealed, manifest.json SHA-256 [0-9a-f]{64}, signature verified/),
    ]);
    expect(out).not.toContain('FAIL');
    expect(code).toBe(0);
    const json = JSON.parse((await verify(['--json', '--public-key', key.publicFile, week])).out);
    expect(json.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(json.manifestSha256).toBe(sha256Hex(await readFile(join(week, 'revisions/2/manifest.json'))));
  });

  it('fails a revision moved to another number, one superseding edited bytes, and files sealed by no manifest', async () => {
    const root = await weekIn('2026-W10');
    await rev2(root, 'revisions/2/');
    const week = join(root, `reports/${P}/2026-W10`);
    await cp(join(week, 'revisions/2'), join(week, 'revisions/4'), { recursive: true });
    await mkdir(join(week, 'revisions/3'), { recursive: true });
    await writeFile(join(week, 'revisions/3/report.html'), 'planted');
    await writeFile(join(week, 'revisions/notes.txt'), 'planted');
    const { code, out } = await verify(['--public-key', key.publicFile, week]);
    expect(out).toContain(
      'FAIL revisions/4/manifest.json: states revision 2, but this folder holds revision 4',
    );
    expect(out).toContain(
      'FAIL revisions/3/manifest.json: missing: 1 file(s) of revision 3 are sealed by no manifest',
    );
    expect(out).toContain('FAIL revisions/notes.txt: under revisions/ but in no revision folder');
    expect(code).toBe(1);

    const edited = await weekIn('2026-W10');
    await rev2(edited, 'revisions/2/');
    await writeFile(join(edited, `reports/${P}/2026-W10/lockouts.csv`), 'user_id\nx\n');
    const after = await verify(['--public-key', key.publicFile, join(edited, `reports/${P}/2026-W10`)]);
    expect(after.out).toContain('FAIL lockouts.csv: size');
    expect(after.code).toBe(1);
  });
});
