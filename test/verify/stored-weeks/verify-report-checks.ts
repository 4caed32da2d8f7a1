import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttestCli } from '../../../functions/attest/attest-cli.js';
import { type Manifest, renderManifest, sha256Hex } from '../../../functions/core/integrity/manifest.js';
import { isMutableReportKey } from '../../../functions/core/integrity/mutable-report-keys.js';
import { keyFingerprint, pemToSpki, publicKeyKey } from '../../../functions/core/integrity/signing-key.js';
import { LOCAL_BUCKET, LOCAL_PROJECT_ID } from '../../../functions/local/local-environment.js';
import { runVerify } from '../../../functions/verify/verify-cli.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';
import {
  copyOfDownload,
  getObject,
  keysUnder,
  now,
  type StoredWeeks,
  versionCount,
  w46,
  w47,
} from './stored-weeks.js';

/**
 * `npm run verify` on the stored weeks: intact, tampered in a download, anchored, and a run without
 * a signing key. Changes only copies and a period of its own, so the attacks can follow.
 */
export function verifyReportChecks(weeks: StoredWeeks): void {
  async function verify(argv: string[], extraEnv: Record<string, string> = {}) {
    const lines: string[] = [];
    const code = await runVerify(
      argv,
      { ...weeks.env, ...extraEnv },
      { print: (l) => lines.push(l), now: () => now },
    );
    return { code, out: lines.join('\n') };
  }

  describe('npm run verify on an intact report', () => {
    it('verifies from S3, through the chain, and from a downloaded folder', async () => {
      const fromS3 = await verify(['--public-key', weeks.publicKey, `s3://${LOCAL_BUCKET}/${w47}`]);
      expect(fromS3.out.split('\n')[0]).toBe(
        `Verifying 2026-W47, project scope of project ${LOCAL_PROJECT_ID} at s3://${LOCAL_BUCKET}/${w47}`,
      );
      expect(fromS3.out).toContain('VERIFIED 2026-W47, project scope');
      expect(fromS3.out).toContain('1 tenant manifests');
      expect(fromS3.out).toMatch(/versions of \d+ sealed files/);
      expect(fromS3.code).toBe(0);

      const chain = await verify(['--chain', '--public-key', weeks.publicKey, `s3://${LOCAL_BUCKET}/${w47}`]);
      expect(chain.out).toContain('chain of 2 periods (2026-W46 – 2026-W47)');
      expect(chain.code).toBe(0);

      const fromFolder = await verify(['--public-key', weeks.publicKey, join(weeks.downloaded, w47)]);
      expect(fromFolder.out).not.toContain('FAIL');
      expect(fromFolder.code).toBe(0);
    });

    it('links each manifest to the previous week of its scope; report.html names the key and the link', async () => {
      const manifestOf = async (key: string) =>
        JSON.parse((await getObject(weeks, key)).toString('utf8')) as Manifest;
      const project = await manifestOf(`${w47}manifest.json`);
      const tenant = await manifestOf(`${w47}tenants/T-acme/manifest.json`);
      const previous = sha256Hex(await getObject(weeks, `${w46}manifest.json`));
      const previousTenant = sha256Hex(await getObject(weeks, `${w46}tenants/T-acme/manifest.json`));
      expect(project.previous).toEqual({ period: '2026-W46', key: `${w46}manifest.json`, sha256: previous });
      expect(tenant.previous).toEqual({
        period: '2026-W46',
        key: `${w46}tenants/T-acme/manifest.json`,
        sha256: previousTenant,
      });
      const fingerprint = project.signing?.keyFingerprint ?? 'unsigned';
      expect(fingerprint).toBe(keyFingerprint(pemToSpki(await readFile(weeks.publicKey, 'utf8'))));
      expect((await getObject(weeks, publicKeyKey(fingerprint))).toString()).toBe(
        await readFile(weeks.publicKey, 'utf8'),
      );
      const html = (await getObject(weeks, `${w47}report.html`)).toString('utf8');
      expect(html).toContain(`by the key with fingerprint ${fingerprint}`);
      expect(html).toContain(`Previous week 2026-W46: manifest SHA-256 ${previous}`);
    });

    it('gives a machine-readable verdict with --json', async () => {
      const { code, out } = await verify([
        '--json',
        '--public-key',
        weeks.publicKey,
        `s3://${LOCAL_BUCKET}/${w47}`,
      ]);
      const result = JSON.parse(out) as { verdict: string; problems: unknown[]; manifestSha256: string };
      expect(result.verdict).toBe('verified');
      expect(result.problems).toEqual([]);
      expect(result.manifestSha256).toBe(sha256Hex(await getObject(weeks, `${w47}manifest.json`)));
      expect(code).toBe(0);
    });

    it("checks a reviewer's sign-off, signed with the reviewer's own key, and names it when it is altered", async () => {
      const root = await copyOfDownload(weeks);
      const attest = (decision: string) =>
        runAttestCli(
          [
            '--period',
            '2026-W47',
            '--reviewer',
            'r@corp.example',
            '--decision',
            decision,
            '--dir',
            root,
            '--supersede',
          ],
          { DESCOPE_PROJECT_ID: LOCAL_PROJECT_ID, ATTESTATION_SIGNING_KEY_FILE: weeks.reviewerKeyFile },
          { print: () => {}, error: () => {}, now: () => now },
        );
      await attest('approved');
      const withReviewers = ['--public-key', weeks.publicKey, '--attestation-key', weeks.otherPublicKey];
      const signed = await verify([...withReviewers, join(root, w47)]);
      expect(signed.out).not.toContain('FAIL');
      expect(signed.out).toContain(
        'access/attestation.json: approved by r@corp.example, signed by reviewer key',
      );
      expect(signed.code).toBe(0);
      // Without the reviewers' keys the signature cannot be checked: that fails too.
      const unchecked = await verify(['--public-key', weeks.publicKey, join(root, w47)]);
      expect(unchecked.out).toContain(
        "FAIL access/attestation.sig: not checked: give the reviewers' public keys",
      );
      expect(unchecked.code).toBe(1);

      const file = join(root, w47, 'access/attestation.json');
      await writeFile(file, (await readFile(file, 'utf8')).replace('"approved"', '"changes-required"'));
      const altered = await verify([...withReviewers, join(root, w47)]);
      expect(altered.out).toContain(
        'FAIL access/attestation.sig: attestation does not verify with the given key',
      );
      expect(altered.code).toBe(1);
    });

    it('fails without a public key: the signature could not be checked', async () => {
      const { code, out } = await verify([`s3://${LOCAL_BUCKET}/${w47}`]);
      expect(out).toContain('FAIL manifest.sig: not checked');
      expect(code).toBe(1);
    });
  });

  describe('npm run verify on a tampered report', () => {
    const tampered = async (change: (folder: string) => Promise<void>, key = weeks.publicKey) => {
      const root = await copyOfDownload(weeks);
      await change(join(root, w47));
      return verify(['--public-key', key, join(root, w47)]);
    };

    it('names an edited CSV', async () => {
      const { code, out } = await tampered((f) => writeFile(join(f, 'lockouts.csv'), 'user_id\nnobody\n'));
      expect(out).toMatch(/FAIL lockouts\.csv: (size|SHA-256)/);
      expect(code).toBe(1);
    });

    it('names a deleted file, in a tenant folder too', async () => {
      const { code, out } = await tampered(async (f) => {
        await unlink(join(f, 'failed-logins-by-geo.csv'));
        await unlink(join(f, 'tenants/T-acme/lockouts.csv'));
      });
      expect(out).toContain('FAIL failed-logins-by-geo.csv: missing');
      expect(out).toContain('FAIL tenants/T-acme/lockouts.csv: missing');
      expect(code).toBe(1);
    });

    it('names an added file, in a tenant folder too', async () => {
      const { code, out } = await tampered(async (f) => {
        await writeFile(join(f, 'extra.csv'), 'a\n1\n');
        await writeFile(join(f, 'tenants/T-acme/notes.txt'), 'hello');
      });
      expect(out).toContain('FAIL extra.csv: not listed in the manifest');
      expect(out).toContain('FAIL tenants/T-acme/notes.txt: not listed in the manifest');
      expect(code).toBe(1);
    });

    it('names the signature when a CSV is edited together with its manifest entry', async () => {
      const { code, out } = await tampered(async (f) => {
        const csv = Buffer.from('user_id\nnobody\n');
        await writeFile(join(f, 'lockouts.csv'), csv);
        const manifest = JSON.parse(await readFile(join(f, 'manifest.json'), 'utf8')) as Manifest;
        manifest.files = manifest.files.map((e) =>
          e.name === 'lockouts.csv' ? { ...e, bytes: csv.byteLength, sha256: sha256Hex(csv) } : e,
        );
        await writeFile(join(f, 'manifest.json'), renderManifest(manifest));
      });
      expect(out).not.toContain('FAIL lockouts.csv');
      expect(out).toContain('FAIL manifest.sig: manifest.json does not verify with the given key');
      expect(code).toBe(1);
    });

    it('names the signature checked against a wrong public key', async () => {
      const { code, out } = await tampered(async () => {}, weeks.otherPublicKey);
      expect(out).toContain('FAIL manifest.sig: manifest.json names signing key');
      expect(out).toContain('not a given key');
      expect(code).toBe(1);
    });

    it('names a replaced previous week in a downloaded folder', async () => {
      const root = await copyOfDownload(weeks);
      const file = join(root, w46, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
      await writeFile(file, renderManifest({ ...manifest, files: manifest.files.slice(1) }));
      const fromFolder = await verify(['--public-key', weeks.publicKey, join(root, w47)]);
      expect(fromFolder.out).toContain(`FAIL ${w46}manifest.json: SHA-256`);
      expect(fromFolder.out).toContain('previous period replaced or edited');
      expect(fromFolder.code).toBe(1);
    });

    it('reports a week deleted from a download as missing when walking the chain', async () => {
      const copy = await copyOfDownload(weeks);
      await rm(join(copy, w46), { recursive: true });
      const { code, out } = await verify(['--chain', '--public-key', weeks.publicKey, join(copy, w47)]);
      expect(out).toContain(`FAIL ${w46}manifest.json: missing week: 2026-W47 links it`);
      expect(code).toBe(1);
    });
  });

  describe('the anchor in Descope’s audit trail', () => {
    it('is written once per report, also when the week is re-run, which finds every file in place: no new version, no email', async () => {
      const anchors = () =>
        weeks.local.descope.createdEvents.filter((e) => e.action === 'ComplianceReportSealed');
      expect(anchors().map((e) => e.data.period)).toEqual(['2026-W46', '2026-W47']);
      const versions = await versionCount(weeks, w47);
      const emails = (await weeks.local.ses.emails()).length;
      const lines: string[] = [];
      const again = await runCli(['--week', '2026-W47'], weeks.env, {
        print: (l) => lines.push(l),
        error: () => {},
        now: () => now,
      });
      expect(lines).toContain("Already anchored in Descope's audit trail");
      expect(anchors()).toHaveLength(2);
      expect(anchors()[1]?.data.manifestSha256).toBe(
        sha256Hex(await getObject(weeks, `${w47}manifest.json`)),
      );
      // Over unchanged data: the same folder, no email again, and only the mutable records (lock,
      // checkpoint) gain versions.
      expect(again?.prefix).toBe(w47);
      expect(again?.email.status).toBe('already-sent');
      const sealed = (await keysUnder(weeks, w47)).filter((k) => !isMutableReportKey(k));
      for (const key of sealed) expect(await versionCount(weeks, key), key).toBe(1);
      expect(await versionCount(weeks, w47)).toBeGreaterThanOrEqual(versions);
      expect(await weeks.local.ses.emails()).toHaveLength(emails);
    });

    it('is found by verify --anchor, which fails when the manifest differs from the anchored one', async () => {
      const ok = await verify(['--anchor', '--public-key', weeks.publicKey, `s3://${LOCAL_BUCKET}/${w47}`]);
      expect(ok.out).toContain("anchor: Descope's audit trail recorded this manifest's SHA-256");
      expect(ok.code).toBe(0);

      const root = await copyOfDownload(weeks);
      const folder = join(root, w47);
      const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as Manifest;
      await writeFile(
        join(folder, 'manifest.json'),
        renderManifest({ ...manifest, files: manifest.files.slice(1) }),
      );
      const bad = await verify(['--anchor', '--public-key', weeks.publicKey, folder]);
      expect(bad.out).toMatch(/FAIL manifest\.json: Descope's audit trail anchors SHA-256 [0-9a-f]{64} for/);
      expect(bad.code).toBe(1);
    });
  });

  describe('a run without a signing key', () => {
    it('stores an unsigned manifest and says so in summary.json and the email', async () => {
      const unsigned = { ...weeks.env, REPORT_SIGNING_KEY_FILE: '' };
      delete (unsigned as Partial<typeof unsigned>).REPORT_SIGNING_KEY_FILE;
      const result = await runCli(
        ['--from', '2026-11-16T00:00:00Z', '--to', '2026-11-17T00:00:00Z'],
        unsigned,
        {
          print: () => {},
          error: () => {},
          now: () => now,
        },
      );
      const prefix = result?.prefix ?? '';
      const summary = JSON.parse((await getObject(weeks, `${prefix}summary.json`)).toString()) as {
        integrity: { signed: boolean; unsignedReason: string };
      };
      expect(summary.integrity).toMatchObject({
        signed: false,
        unsignedReason: 'no signing key was configured for this run',
      });
      const emails = await weeks.local.ses.emails();
      expect(emails.at(-1)?.body.text).toContain(
        'manifest.json is NOT signed: no signing key was configured for this run',
      );
      const { code, out } = await verify(['--public-key', weeks.publicKey, `s3://${LOCAL_BUCKET}/${prefix}`]);
      expect(out).toContain('FAIL manifest.json: is not signed');
      expect(code).toBe(1);
    });
  });
}
