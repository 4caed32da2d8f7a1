import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { loadDeployConfig } from '../../infra/config.js';
import { withBundledFiles } from '../../infra/constructs/bundled-catalog.js';
import { buildApp, onlyResource } from '../infra/support/synth.js';

const now = Date.parse('2026-11-25T10:00:00Z');
const config = mkdtempSync(join(tmpdir(), 'override-config-'));
/** The customer's SOC 2: CC6.6 out of scope, and one control of their own framework. */
writeFileSync(
  join(config, 'soc2.yaml'),
  `framework: soc2
name: SOC 2
title: Our SOC 2 scope
version: TSC 2017
controls:
  - id: CC6.2
    title: Provisioning and deprovisioning
    evidence:
      queries: [user-lifecycle]
  - id: CC6.6
    title: Threats from outside the boundary
    notApplicable: Covered by the WAF vendor's report
`,
);
writeFileSync(
  join(config, 'internal.json'),
  JSON.stringify({
    framework: 'internal',
    name: 'Internal',
    title: 'Internal access policy',
    version: '3',
    controls: [
      {
        id: 'IAP-7',
        title: 'Lockouts are reviewed weekly',
        reviewFrequency: 'weekly',
        evidence: { queries: ['lockouts'] },
      },
    ],
  }),
);

let local: LocalEnvironment;
const outs: string[] = [];

async function runWeek(extra: Record<string, string>): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'override-out-'));
  outs.push(out);
  // The compliance matrix is under test, not the OCSF export.
  const env = { ...local.env, DESCOPE_AUDIT_RPM: '600', OCSF_EXPORT_ENABLED: 'false', ...extra };
  const io = { print: () => {}, error: () => {}, now: () => now };
  const result = await runCli(['--week', '2026-W47', '--dry-run', '--out', out], env, io);
  if (!result) throw new Error('no run');
  return join(out, result.prefix);
}
const rows = (folder: string, framework: string) =>
  parse(readFileSync(join(folder, 'compliance', `${framework}.csv`)), { columns: true }) as Array<
    Record<string, string>
  >;

beforeAll(async () => {
  local = await startLocalEnvironment({
    records: generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
});

afterAll(async () => {
  await local?.close();
  for (const out of outs) await rm(out, { recursive: true, force: true });
});

describe('a customer override of the frameworks, from deploy config to stored matrix', () => {
  it('is synthesized into the bundle and the environment, and changes the compliance CSVs and the matrix', async () => {
    const { app, stack } = buildApp(
      { frameworkFiles: ['soc2.yaml', 'internal.json'], frameworks: 'soc2,internal' },
      { cwd: config },
    );
    const variables = (
      onlyResource(Template.fromStack(stack), 'AWS::Lambda::Function').props.Environment as {
        Variables: Record<string, string>;
      }
    ).Variables;
    // What the asset would hold: the synth's own copy commands, run into a folder standing in for /var/task.
    const task = mkdtempSync(join(tmpdir(), 'override-task-'));
    outs.push(task);
    mkdirSync(task, { recursive: true });
    const noHooks = { beforeBundling: () => [], beforeInstall: () => [], afterBundling: () => [] };
    const files = loadDeployConfig(app, config).frameworkSet.files;
    for (const command of withBundledFiles(noHooks, { frameworks: files }).afterBundling('/in', task)) {
      execFileSync('sh', ['-c', command]);
    }
    expect(variables.REPORT_FRAMEWORKS_DIR).toBe('/var/task/frameworks');
    const overridden = await runWeek({
      REPORT_FRAMEWORKS_DIR: (variables.REPORT_FRAMEWORKS_DIR ?? '').replace('/var/task', task),
      REPORT_FRAMEWORKS: variables.REPORT_FRAMEWORKS ?? '',
    });
    const standard = await runWeek({});

    const before = rows(standard, 'soc2');
    const after = rows(overridden, 'soc2');
    expect(before.find((r) => r.control === 'CC6.6')?.status).toMatch(/^evidenced/);
    expect(after.map((r) => [r.control, r.status, r.reason])).toEqual([
      ['CC6.2', 'evidenced', ''],
      ['CC6.6', 'not applicable', "Covered by the WAF vendor's report"],
    ]);
    expect(rows(overridden, 'internal')).toEqual([
      expect.objectContaining({
        framework: 'Internal',
        control: 'IAP-7',
        status: 'evidenced',
        frequency_met: 'yes',
      }),
    ]);
    expect(rows(overridden, 'internal')[0]?.evidence_files).toMatch(
      /^lockouts\.csv sha256:[0-9a-f]{64}\nevidence\/login-failures\//,
    );
    // Only the chosen frameworks are written, and the matrix in the HTML follows.
    expect(
      execFileSync('ls', [join(overridden, 'compliance')])
        .toString()
        .split('\n')
        .filter(Boolean),
    ).toEqual(['internal.csv', 'soc2.csv']);
    const html = readFileSync(join(overridden, 'report.html'), 'utf8');
    expect(html).toContain('<h3 id="coverage-internal">Internal');
    expect(html).not.toContain('id="coverage-pci-dss"');
    const summary = JSON.parse(readFileSync(join(overridden, 'summary.json'), 'utf8')) as {
      compliance: Array<{ framework: string; counts: Record<string, number> }>;
    };
    expect(summary.compliance.map((f) => [f.framework, f.counts['not applicable']])).toEqual([
      ['soc2', 1],
      ['internal', 0],
    ]);
  });
});
