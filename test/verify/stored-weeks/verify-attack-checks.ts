import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isMutableReportKey } from '../../../functions/core/integrity/mutable-report-keys.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { LOCAL_BUCKET, LOCAL_PROJECT_ID } from '../../../functions/local/local-environment.js';
import { runVerify } from '../../../functions/verify/verify-cli.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';
import {
  getObject as getStored,
  keysUnder as keysUnderStored,
  now,
  quiet,
  record,
  records,
  type StoredWeeks,
  versionCount as versionCountStored,
  w46,
  w47,
} from './stored-weeks.js';

/** An event Descope delivered late: a re-run of 2026-W47 then reads different data. */
const late = record('2026-W47-late', 'LoginFailed', parseIsoWeek('2026-W47').from + 5000, ['T-acme']);

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: S3ServiceException) => error.name,
  );

/**
 * Attacks on the stored weeks in S3 (another week's files in this week's place, re-runs, an
 * administrator without the bucket policy). They change the bucket: they run after the verify checks.
 */
export function verifyAttackChecks(weeks: StoredWeeks): void {
  const report = (week: string) => runCli(['--week', week], weeks.env, quiet);
  const getObject = (key: string) => getStored(weeks, key);

  async function verify(argv: string[]) {
    const lines: string[] = [];
    const code = await runVerify(['--public-key', weeks.publicKey, ...argv], weeks.env, {
      print: (l) => lines.push(l),
      now: () => now,
    });
    return { code, out: lines.join('\n'), lines };
  }

  const keysUnder = (prefix: string) => keysUnderStored(weeks, prefix);
  const versionCount = (prefix: string) => versionCountStored(weeks, prefix);

  describe("another week's signed files in this week's place", () => {
    it('cannot be put over the sealed week in S3 by a holder of s3:PutObject', async () => {
      const existing = new Set(await keysUnder(w47));
      const created: string[] = [];
      for (const key of await keysUnder(w46)) {
        if (isMutableReportKey(key)) continue;
        const name = key.slice(w46.length);
        const target = `${w47}${name}`;
        const Body = await getObject(key);
        expect(
          await outcome(weeks.s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: target, Body }))),
        ).toBe('AccessDenied');
        const conditional = weeks.s3.send(
          new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: target, Body, IfNoneMatch: '*' }),
        );
        expect(await outcome(conditional)).toBe(existing.has(target) ? 'PreconditionFailed' : 'ok');
        if (!existing.has(target)) created.push(name);
        expect(
          await outcome(weeks.s3.send(new DeleteObjectCommand({ Bucket: LOCAL_BUCKET, Key: target }))),
        ).toBe('AccessDenied');
      }
      // Every sealed file stayed; a W46 file whose name W47 lacks could be added, and is named.
      const { code, out } = await verify([`s3://${LOCAL_BUCKET}/${w47}`]);
      const failures = out.split('\n').filter((l) => l.startsWith('FAIL'));
      expect(failures).toEqual(
        created.flatMap((name) => [
          `FAIL ${name}: not listed in the manifest`,
          ...(name.startsWith('tenants/') ? [expect.stringContaining(`FAIL ${name}: not listed in`)] : []),
        ]),
      );
      expect(code).toBe(created.length === 0 ? 0 : 1);
    });

    it('fails verification of a downloaded folder named after the week it does not hold', async () => {
      const root = await mkdtemp(join(weeks.work, 'download-'));
      for (const key of await keysUnder(w46)) {
        const path = join(root, '2026-W47', key.slice(w46.length));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, await getObject(key));
      }
      const { code, lines } = await verify([join(root, '2026-W47')]);
      expect(lines[0]).toContain('Verifying 2026-W47, project scope');
      expect(lines).toContain(
        "FAIL manifest.json: states period 2026-W46, but this folder is 2026-W47's (another period's files?)",
      );
      expect(code).toBe(1);
      await cp(join(root, '2026-W47'), join(root, 'evidence-copy'), { recursive: true });
      expect((await verify(['--period', '2026-W46', join(root, 'evidence-copy')])).code).toBe(0);
    });
  });

  describe('re-running a sealed week', () => {
    // Over unchanged data: with the anchor's re-run (verify-report-checks.ts).
    it('over changed data seals revision 2 beside the first; verify reports both', async () => {
      weeks.local.descope.setRecords([...records, late]);
      const revised = await report('2026-W47');
      expect(revised?.prefix).toBe(`${w47}revisions/2/`);
      for (const key of (await keysUnder(w47)).filter((k) => !k.includes('/revisions/'))) {
        if (!isMutableReportKey(key)) expect(await versionCount(key), key).toBe(1);
      }
      const { code, lines } = await verify([`s3://${LOCAL_BUCKET}/${w47}`]);
      expect(lines.filter((l) => l.startsWith('revision '))).toEqual([
        expect.stringMatching(/^revision 1: sealed, .* signature verified/),
        expect.stringMatching(/^revision 2: sealed, .* signature verified/),
      ]);
      expect(lines.at(-1)).toBe(
        `VERIFIED 2026-W47, project scope of project ${LOCAL_PROJECT_ID}: every file matches its manifest, signed by a given key.`,
      );
      expect(code).toBe(0);
      const json = JSON.parse((await verify(['--json', `s3://${LOCAL_BUCKET}/${w47}`])).out);
      expect(json).toMatchObject({ verdict: 'verified', period: '2026-W47', scope: 'project' });
      expect(json.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
      expect(json.versionsChecked).toBeGreaterThan(10);
    });
  });

  describe('an administrator who removed the bucket policy', () => {
    it("cannot replace the sealed week unseen: verify names each file's newer version and the foreign period", async () => {
      weeks.local.s3.bucketPolicy.enforced = false;
      try {
        for (const key of await keysUnder(w46)) {
          if (key.includes('/tenants/') || isMutableReportKey(key)) continue;
          const target = `${w47}${key.slice(w46.length)}`;
          await weeks.s3.send(new DeleteObjectCommand({ Bucket: LOCAL_BUCKET, Key: target }));
          await weeks.s3.send(
            new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: target, Body: await getObject(key) }),
          );
        }
      } finally {
        weeks.local.s3.bucketPolicy.enforced = true;
      }
      const { code, out } = await verify([`s3://${LOCAL_BUCKET}/${w47}`]);
      expect(out).toContain("FAIL manifest.json: states period 2026-W46, but this folder is 2026-W47's");
      expect(out).toMatch(
        /FAIL manifest\.json: has a version \(\S+, [^)]+\) newer than the sealed version \S+: overwritten/,
      );
      expect(code).toBe(1);
      const json = JSON.parse((await verify(['--json', `s3://${LOCAL_BUCKET}/${w47}`])).out);
      const manifest = json.problems.find(
        (p: { file: string; versions?: unknown }) => p.file === 'manifest.json' && p.versions,
      );
      expect(manifest.versions).toEqual({ sealed: expect.any(String), newer: expect.any(String) });
      expect(manifest.versions.sealed).not.toBe(manifest.versions.newer);
    });
  });
}
