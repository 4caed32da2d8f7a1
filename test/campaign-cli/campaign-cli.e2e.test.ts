import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaignCli } from '../../functions/campaign-cli/campaign-cli.js';
import { parseCampaign } from '../../functions/core/access/campaign.js';
import { isoWeekStarting } from '../../functions/core/period/period.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import { generateDemoDirectory } from '../../functions/local/descope-api/demo-directory.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ensureLocalSigningKey } from '../../functions/local/local-signing-key.js';
import { ConfigError } from '../../functions/shared/errors.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { disableAllBut } from '../support/lean-catalog.js';

const now = Date.parse('2026-11-25T10:00:00Z');
let local: LocalEnvironment;
let out: string;
let env: Record<string, string>;
const io = (lines: string[]) => ({
  print: (l: string) => void lines.push(l),
  error: (l: string) => void lines.push(l),
  now: () => now,
});

beforeAll(async () => {
  const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
  const directory = generateDemoDirectory({
    population: createDemoPopulation(),
    records,
    at: isoWeekStarting(Date.parse('2026-11-16T00:00:00Z')).to,
    now,
  });
  local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
    directory,
  });
  out = await mkdtemp(join(tmpdir(), 'campaign-cli-'));
  const key = await ensureLocalSigningKey(join(out, 'keys'));
  env = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '600',
    // The demo's catalog (its roles and tenants) without the tables a campaign does not read: it
    // opens over the access snapshots.
    REPORT_QUERIES: JSON.stringify({
      ...JSON.parse(await readFile(resolve('functions/local/demo-report-catalog.json'), 'utf8')),
      queries: [],
      disable: disableAllBut('role-grants', 'role-revocations', 'role-changes-not-understood'),
    }),
    OCSF_EXPORT_ENABLED: 'false',
    REPORT_SIGNING_KEY_FILE: key.privateKeyFile,
  };
  await runCli(['--week', '2026-W47', '--dry-run', '--out', out], env, io([]));
  env.ACCESS_CAMPAIGNS = JSON.stringify({
    coverage: 'all',
    reviewers: { fallback: ['ops.admin@acme.example', 'nobody@corp.example'] },
  });
}, 120_000);

afterAll(async () => {
  await local?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('npm run campaign -- --create', () => {
  it('opens a campaign over the stored, signed snapshot with reviewers resolved to Descope users', async () => {
    const lines: string[] = [];
    const id = await runCampaignCli(
      ['--create', '--period', '2026-W47', '--due', '2026-12-15', '--dir', out],
      env,
      io(lines),
    );
    expect(id).toBe('2026-W47-project');
    const parsed = parseCampaign(
      await readFile(join(out, 'access/campaigns/2026-W47-project/campaign.json')),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    const { campaign } = parsed;
    expect(campaign.createdBy).toBe('cli');
    expect(campaign.dueAt).toBe('2026-12-15T23:59:59.000Z');
    expect(campaign.coverage).toBe('all');
    expect(campaign.items.some((i) => !i.privileged)).toBe(true);
    expect(campaign.reviewers).toContainEqual({
      loginId: 'ops.admin@acme.example',
      userId: 'U2DemoConsoleAdmin000000000',
    });
    expect(campaign.notes).toContain(
      'reviewer nobody@corp.example is not a Descope user of this project: they cannot sign in',
    );
    expect(lines[0]).toMatch(/^Opened campaign 2026-W47-project: \d+ items/);
  });

  it('never replaces a stored campaign, and refuses a snapshot that differs from its signed manifest', async () => {
    await expect(
      runCampaignCli(['--create', '--period', '2026-W47', '--dir', out], env, io([])),
    ).rejects.toThrow(/Campaign 2026-W47-project exists already/);
    const snapshot = join(
      out,
      `reports/${LOCAL_PROJECT_ID}/2026-W47/tenants/T2aQ8dJ0kLmN3pR5sT7vW9xY1z/access/snapshot.json`,
    );
    await writeFile(snapshot, (await readFile(snapshot, 'utf8')).replace('"enabled"', '"disabled"'));
    await expect(
      runCampaignCli(
        ['--create', '--period', '2026-W47', '--tenant', 'T2aQ8dJ0kLmN3pR5sT7vW9xY1z', '--dir', out],
        env,
        io([]),
      ),
    ).rejects.toThrow(
      /tenants\/T2aQ8dJ0kLmN3pR5sT7vW9xY1z\/access\/snapshot\.json is missing or differs from its manifest entry/,
    );
  });

  it('names a bad option before anything is read', async () => {
    await expect(runCampaignCli(['--create', '--period', '47'], env, io([]))).rejects.toThrow(ConfigError);
    await expect(runCampaignCli(['--create', '--period', '47'], env, io([]))).rejects.toThrow(
      /--period must be a week such as 2026-W47/,
    );
  });
});
