import { sign } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectoryReportReader } from '../../functions/adapters/directory-report-reader.js';
import type { FoundAnchor, ReportAnchor } from '../../functions/adapters/report-anchor.js';
import type { ObjectVersionInfo } from '../../functions/adapters/report-reader.js';
import { buildAttestation, renderAttestation } from '../../functions/core/access/attestation.js';
import { sha256Hex } from '../../functions/core/integrity/manifest.js';
import { trustedKey } from '../../functions/core/integrity/public-key-set.js';
import { openTarget } from '../../functions/verify/open-target.js';
import { runVerify } from '../../functions/verify/verify-cli.js';
import { formatVerifyJson } from '../../functions/verify/verify-output.js';
import { verifyReport } from '../../functions/verify/verify-report.js';
import { signingKey, writeSignedReport } from './support/signed-report.js';

const P = 'P2trailTest1';
const prefix = `reports/${P}/2026-W10/`;
const snapshot = '{"snapshot":true}\n';
let work: string;
let manifestKey: Awaited<ReturnType<typeof signingKey>>;
let reviewer: Awaited<ReturnType<typeof signingKey>>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'verify-trail-'));
  manifestKey = await signingKey(work, 'manifest');
  reviewer = await signingKey(work, 'reviewer');
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function week() {
  const root = await mkdtemp(join(work, 'root-'));
  await writeSignedReport(
    root,
    {
      projectId: P,
      period: '2026-W10',
      prefix,
      files: { 'report.html': 'r', 'access/snapshot.json': snapshot },
    },
    manifestKey,
  );
  return root;
}

async function attest(root: string, by: typeof reviewer | undefined, period = '2026-W10') {
  const body = renderAttestation(
    buildAttestation({
      projectId: P,
      scope: { kind: 'project' },
      period,
      reviewer: 'r@corp.example',
      decision: 'approved',
      at: 0,
      snapshotSha256: sha256Hex(snapshot),
      signingKeyFingerprint: by?.fingerprint,
    }),
  );
  await writeFile(join(root, prefix, 'access/attestation.json'), body);
  if (by)
    await writeFile(
      join(root, prefix, 'access/attestation.sig'),
      sign('sha256', Buffer.from(body), by.privateKey),
    );
}

async function verify(root: string, extra: string[] = []) {
  const lines: string[] = [];
  const code = await runVerify(
    ['--public-key', manifestKey.publicFile, ...extra, join(root, prefix)],
    {},
    { print: (l) => lines.push(l), now: () => 0 },
  );
  return { code, out: lines.join('\n') };
}

describe("attestations signed with the reviewers' own keys", () => {
  it("verifies a reviewer's signature against the reviewers' keys given", async () => {
    const root = await week();
    await attest(root, reviewer);
    const ok = await verify(root, ['--attestation-key', reviewer.publicFile]);
    expect(ok.out).toContain(
      `access/attestation.json: approved by r@corp.example, signed by reviewer key ${reviewer.fingerprint}`,
    );
    expect(ok.code).toBe(0);
  });

  it("fails an unsigned attestation when the reviewers' keys are given (a signature is required)", async () => {
    const root = await week();
    await attest(root, undefined);
    const required = await verify(root, ['--attestation-key', reviewer.publicFile]);
    expect(required.out).toContain(
      "FAIL access/attestation.json: approved by r@corp.example, not signed: the reviewers' keys were given, so a signature is required",
    );
    expect(required.code).toBe(1);
    // Without them, an unsigned sign-off is only noted.
    const optional = await verify(root);
    expect(optional.out).toContain('note: access/attestation.json: approved by r@corp.example, not signed');
    expect(optional.code).toBe(0);
  });

  it('fails an attestation signed with the manifest-signing key, by a stranger, or for another period', async () => {
    const root = await week();
    await attest(root, manifestKey);
    const withManifestKey = await verify(root, ['--attestation-key', manifestKey.publicFile]);
    expect(withManifestKey.out).toContain(
      'FAIL access/attestation.json: signed with the manifest-signing key: a reviewer signs with a key of their own',
    );
    const stranger = await signingKey(work, 'stranger');
    await attest(root, stranger);
    const byStranger = await verify(root, ['--attestation-key', reviewer.publicFile]);
    expect(byStranger.out).toContain(
      `FAIL access/attestation.sig: attestation names signing key ${stranger.fingerprint}, not a given key`,
    );
    await attest(root, reviewer, '2026-W09');
    const elsewhere = await verify(root, ['--attestation-key', reviewer.publicFile]);
    expect(elsewhere.out).toContain(
      `FAIL access/attestation.json: is the sign-off of ${P} 2026-W09, not of this folder`,
    );
    for (const r of [withManifestKey, byStranger, elsewhere]) expect(r.code).toBe(1);
  });
});

describe('the version history and the anchor of a sealed week', () => {
  const versions = (key: string, ids: Array<[string, boolean]>): ObjectVersionInfo[] =>
    ids.map(([versionId, deleteMarker], i) => ({
      key,
      versionId,
      deleteMarker,
      isLatest: i === 0,
      lastModified: Date.UTC(2026, 2, 10) - i * 1000,
    }));

  it('fails a sealed file with a newer version than the one sealed, naming the file and both version IDs', async () => {
    const root = await week();
    const target = await openTarget(join(root, prefix), {});
    const reader = {
      ...createDirectoryReportReader(join(root), ''),
      listVersions: async (under: string) =>
        [
          ...versions(`${prefix}report.html`, [
            ['v3-forged', false],
            ['v2-marker', true],
            ['v1-sealed', false],
          ]),
          ...versions(`${prefix}access/snapshot.json`, [['only', false]]),
          ...versions(`${prefix}delivery.json`, [
            ['d2', false],
            ['d1', false],
          ]),
        ].filter((v) => v.key.startsWith(under)),
    };
    const result = await verifyReport({
      target: { ...target, reader },
      keys: [trustedKey(manifestKey.pem)],
      chain: false,
      now: 0,
    });
    expect(result.verified).toBe(false);
    expect(result.problems).toEqual([
      {
        file: 'report.html',
        problem: expect.stringMatching(
          /^has a version \(v3-forged, 2026-03-10T00:00:00.000Z\) newer than the sealed version v1-sealed: overwritten or deleted after it was sealed \(3 versions in all\)$/,
        ),
        versions: { sealed: 'v1-sealed', newer: 'v3-forged' },
      },
    ]);
    // report.html, access/snapshot.json, manifest.json and manifest.sig; delivery.json is no sealed file.
    expect(result.versionsChecked).toBe(4);
    expect(JSON.parse(formatVerifyJson(result)).problems[0].versions).toEqual({
      sealed: 'v1-sealed',
      newer: 'v3-forged',
    });
  });

  it("accepts an anchor only for this folder's key, period and manifest hash", async () => {
    const root = await week();
    const target = await openTarget(join(root, prefix), {});
    const manifestSha256 = sha256Hex(await readFile(join(root, prefix, 'manifest.json')));
    const anchored = (found: Partial<FoundAnchor>): ReportAnchor => ({
      find: async (key) => [
        {
          projectId: P,
          period: '2026-W10',
          manifestKey: key,
          manifestSha256,
          keyFingerprint: null,
          occurred: 0,
          ...found,
        },
      ],
      write: async () => {},
    });
    const keys = [trustedKey(manifestKey.pem)];
    const good = await verifyReport({ target, keys, chain: false, anchor: anchored({}), now: 0 });
    expect(good.anchor).toBe(true);
    const otherWeek = await verifyReport({
      target,
      keys,
      chain: false,
      anchor: anchored({ period: '2026-W09' }),
      now: 0,
    });
    expect(otherWeek.anchor).toBe(false);
    expect(otherWeek.problems.map((p) => p.problem)).toEqual([
      `the anchors found for ${prefix}manifest.json state ${P} 2026-W09, not 2026-W10`,
    ]);
  });
});
