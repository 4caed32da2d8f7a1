import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ensureLocalSigningKey } from '../../functions/local/local-signing-key.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const now = Date.parse('2026-11-25T10:00:00Z');
let local: LocalEnvironment;
let s3: S3Client;
let keyDir: string;
const runs: FinishedRun[] = [];

const text = async (key: string) => {
  const answer = await s3.send(new GetObjectCommand({ Bucket: local.env.REPORT_BUCKET, Key: key }));
  return (await answer.Body?.transformToString()) ?? '';
};

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'front-door-key-'));
  const key = await ensureLocalSigningKey(keyDir);
  local = await startLocalEnvironment({
    records: generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  s3 = standInS3Client(local.env.AWS_ENDPOINT_URL_S3 ?? '');
  const env = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '600',
    REPORT_SIGNING_KEY_FILE: key.privateKeyFile,
    REPORT_QUERIES_FILE: resolve('functions/local/demo-report-catalog.json'),
  };
  const io = { print: () => {}, error: () => {}, now: () => now };
  for (const week of ['2026-W46', '2026-W47']) {
    const run = await runCli(['--week', week], env, io);
    if (run) runs.push(run);
  }
  const month = await runCli(['--from', '2026-10-01T00:00:00Z', '--to', '2026-10-08T00:00:00Z'], env, {
    ...io,
    now: () => Date.parse('2026-11-29T10:00:00Z'),
  });
  if (month) runs.push(month);
});

afterAll(async () => {
  await local?.close();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

describe('the front door in the bucket', () => {
  it('is rewritten by each run and lists every stored period with its chain state and links', async () => {
    expect(runs.map((r) => r.frontDoor.includes(`reports/${LOCAL_PROJECT_ID}/index.html`))).toEqual([
      true,
      true,
      true,
    ]);
    const html = await text(`reports/${LOCAL_PROJECT_ID}/index.html`);
    expect(html).toMatch(/<strong>2026-W47<\/strong>[\s\S]*<strong>2026-W46<\/strong>/);
    expect(html).toContain('linked to 2026-W46');
    expect(html).toContain('chain starts here (no 2026-W45 when sealed)');
    expect(html).toContain('href="2026-W47/compliance/pci-dss.csv"');
    expect(html).toContain(`SHA-256 ${runs[1]?.data.seal?.manifestSha256}`);
    expect(html).toContain('<h2 id="group-1">Other ranges</h2>');
    expect(html).not.toMatch(/<script/);
  });

  it('gives each reported tenant its own door, and lists the project in the overview with its latest week', async () => {
    const tenants = runs[1]?.tenants.map((t) => t.tenantId) ?? [];
    expect(tenants.length).toBeGreaterThan(1);
    for (const tenantId of tenants) {
      const html = await text(`reports/${LOCAL_PROJECT_ID}/tenants/${tenantId}/index.html`);
      expect(html).toContain(`../../2026-W47/tenants/${tenantId}/report.html`);
      for (const other of tenants.filter((t) => t !== tenantId)) expect(html).not.toContain(other);
    }
    const state = JSON.parse(await text(`reports/${LOCAL_PROJECT_ID}/index.json`));
    expect(state).toMatchObject({
      projectId: LOCAL_PROJECT_ID,
      periods: 3,
      brokenChains: 0,
      latestWeek: { label: '2026-W47', signOff: 'pending' },
    });
    const overview = await text('reports/index.html');
    expect(overview).toContain(`href="${LOCAL_PROJECT_ID}/index.html"`);
    expect(overview).toContain('awaiting sign-off');
  });
});
