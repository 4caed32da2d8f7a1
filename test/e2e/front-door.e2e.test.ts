import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { STORED_SCENARIO_TIMEOUT, storedWeeks } from '../support/fixtures-stored/stored-scenario.js';
import {
  WEEKS_NOW as now,
  weeksEnvironment,
  weeksRecords,
} from '../support/fixtures-stored/stored-weeks-scenario.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

// 2026-W46 and 2026-W47 of the demo, stored once (the `stored` project's shared scenario:
// stored-weeks-scenario.ts); here, in a copy of that bucket, a range of October as a third period.
let local: LocalEnvironment;
let s3: S3Client;
/** Each run's tenants, its front doors and its manifest's SHA-256: the two weeks, then the range. */
const runs: Array<{ frontDoor: string[]; tenants: string[]; manifestSha256: string }> = [];

const text = async (key: string) => {
  const answer = await s3.send(new GetObjectCommand({ Bucket: local.env.REPORT_BUCKET, Key: key }));
  return (await answer.Body?.transformToString()) ?? '';
};

beforeAll(async () => {
  const stored = await storedWeeks();
  runs.push(...stored.weeks);
  local = await startLocalEnvironment({
    records: weeksRecords(),
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
    s3From: { snapshot: stored.store },
  });
  s3 = standInS3Client(local.env.AWS_ENDPOINT_URL_S3 ?? '');
  const env = { ...local.env, ...weeksEnvironment(stored.signingKeyFile) };
  const io = { print: () => {}, error: () => {}, now: () => Date.parse('2026-11-29T10:00:00Z') };
  const range = await runCli(['--from', '2026-10-01T00:00:00Z', '--to', '2026-10-08T00:00:00Z'], env, io);
  if (range)
    runs.push({
      frontDoor: range.frontDoor,
      tenants: range.tenants.map((t) => t.tenantId),
      manifestSha256: range.data.seal?.manifestSha256 ?? '',
    });
}, STORED_SCENARIO_TIMEOUT);

afterAll(async () => {
  s3?.destroy();
  await local?.close();
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
    expect(html).toContain(`SHA-256 ${runs[1]?.manifestSha256}`);
    expect(html).toContain('<h2 id="group-1">Other ranges</h2>');
    expect(html).not.toMatch(/<script/);
  });

  it('gives each reported tenant its own door, and lists the project in the overview with its latest week', async () => {
    const tenants = runs[1]?.tenants ?? [];
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
