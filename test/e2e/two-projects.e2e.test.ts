import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../functions/core/integrity/manifest.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ensureLocalSigningKey } from '../../functions/local/local-signing-key.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

/** A second Descope project (say staging) reported into the same bucket as the first. */
const SECOND_PROJECT_ID = 'P2LocalStaging00000000000000000';
const SECOND_MANAGEMENT_KEY = 'K2-local-staging-management-key';
const now = Date.parse('2026-11-25T10:00:00Z');
const SECURITY_LEAD = 'security-lead@example.org';

let local: LocalEnvironment;
let second: DescopeApiStandIn;
let s3: S3Client;
let keyDir: string;
const runs = new Map<string, FinishedRun>();

const text = async (key: string) => {
  const answer = await s3.send(new GetObjectCommand({ Bucket: local.env.REPORT_BUCKET, Key: key }));
  return (await answer.Body?.transformToString()) ?? '';
};

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'two-projects-key-'));
  const key = await ensureLocalSigningKey(keyDir);
  const rateLimit = { requests: 600, windowMs: 60_000 };
  local = await startLocalEnvironment({
    records: generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
    now: () => now,
    rateLimit,
  });
  second = await createDescopeApiStandIn({
    projectId: SECOND_PROJECT_ID,
    managementKey: SECOND_MANAGEMENT_KEY,
    records: generateDemoAuditData({ now, projectId: SECOND_PROJECT_ID }),
    now: () => now,
    rateLimit,
  });
  s3 = standInS3Client(local.env.AWS_ENDPOINT_URL_S3 ?? '');
  const base: Record<string, string> = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '600',
    REPORT_SIGNING_KEY_FILE: key.privateKeyFile,
    // The subject is the chains, doors and the summary across projects, not the tables: one table.
    REPORT_QUERIES: JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') }),
    OCSF_EXPORT_ENABLED: 'false',
    // One deployment of two projects, as the stack configures each project's function.
    REPORT_PROJECTS: `${LOCAL_PROJECT_ID},${SECOND_PROJECT_ID}`,
    REPORT_SUMMARY_RECIPIENTS: SECURITY_LEAD,
  };
  const projects: Array<Record<string, string>> = [
    { ...base, REPORT_PROJECT_NAME: 'prod' },
    {
      ...base,
      REPORT_PROJECT_NAME: 'staging',
      DESCOPE_PROJECT_ID: SECOND_PROJECT_ID,
      DESCOPE_MANAGEMENT_KEY: SECOND_MANAGEMENT_KEY,
      DESCOPE_BASE_URL: second.url,
    },
  ];
  const io = { print: () => {}, error: () => {}, now: () => now };
  for (const week of ['2026-W46', '2026-W47']) {
    for (const env of projects) {
      const run = await runCli(['--week', week], env, io);
      if (run) runs.set(`${env.DESCOPE_PROJECT_ID}/${week}`, run);
    }
  }
  // Four weekly runs against the stand-ins: longer than one hook's default under a loaded machine.
}, 300_000);

afterAll(async () => {
  await second?.close();
  await local?.close();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

describe('two Descope projects reported into one bucket', () => {
  it('keep two separate manifest chains, each manifest bound to its own project', async () => {
    for (const project of [LOCAL_PROJECT_ID, SECOND_PROJECT_ID]) {
      const w46 = await text(`reports/${project}/2026-W46/manifest.json`);
      const w47 = JSON.parse(await text(`reports/${project}/2026-W47/manifest.json`));
      expect(w47.projectId).toBe(project);
      expect(w47.previous).toEqual({
        period: '2026-W46',
        key: `reports/${project}/2026-W46/manifest.json`,
        sha256: sha256Hex(Buffer.from(w46)),
      });
      expect(runs.get(`${project}/2026-W47`)?.complete).toBe(true);
    }
    const [a, b] = [LOCAL_PROJECT_ID, SECOND_PROJECT_ID].map((p) => runs.get(`${p}/2026-W47`)?.data.seal);
    expect(a?.manifestSha256).not.toBe(b?.manifestSha256);
  });

  it('have one front door over both, and each project’s own door names only its own periods', async () => {
    const overview = await text('reports/index.html');
    expect(overview).toContain(`href="${LOCAL_PROJECT_ID}/index.html"`);
    expect(overview).toContain(`href="${SECOND_PROJECT_ID}/index.html"`);
    for (const [project, other] of [
      [LOCAL_PROJECT_ID, SECOND_PROJECT_ID],
      [SECOND_PROJECT_ID, LOCAL_PROJECT_ID],
    ] as const) {
      const door = await text(`reports/${project}/index.html`);
      expect(door).toContain('linked to 2026-W46');
      expect(door).not.toContain(other);
      expect(JSON.parse(await text(`reports/${project}/index.json`))).toMatchObject({
        projectId: project,
        brokenChains: 0,
        latestWeek: { label: '2026-W47' },
      });
    }
  });

  it('mail the security lead one cross-project summary per week, once both projects stored it', async () => {
    const summaries = (await local.ses.emails()).filter((e) => e.destination.to.includes(SECURITY_LEAD));
    expect(summaries.map((e) => e.subject)).toEqual([
      expect.stringMatching(/^Descope audit reports 2026-W46 · 2 projects · /),
      expect.stringMatching(/^Descope audit reports 2026-W47 · 2 projects · /),
    ]);
    const w47 = summaries[1];
    for (const [name, project] of [
      ['prod', LOCAL_PROJECT_ID],
      ['staging', SECOND_PROJECT_ID],
    ] as const) {
      expect(w47?.body.text).toContain(`${name} (${project}) — 2026-W47`);
      expect(w47?.body.text).toContain(
        `front door: s3://${local.env.REPORT_BUCKET}/reports/${project}/index.html`,
      );
    }
    expect(w47?.body.text).toContain('completeness: complete');
    expect(w47?.body.text).toMatch(/access review: (signed off|awaiting sign-off|no access review)/);
    // The record that makes it once a week, whoever finishes last.
    expect(JSON.parse(await text('reports/all-projects/2026-W47/delivery.json'))).toMatchObject({
      status: 'sent',
      recipients: [SECURITY_LEAD],
    });
  });

  it('name each project on the all-projects page as the deployment calls it', async () => {
    const overview = await text('reports/index.html');
    expect(overview).toContain('<strong>prod</strong>');
    expect(overview).toContain('<strong>staging</strong>');
  });
});
