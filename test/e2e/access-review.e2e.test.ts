import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ReportStore } from '../../functions/adapters/s3-report-store.js';
import { runAttestCli } from '../../functions/attest/attest-cli.js';
import { validateReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { previousCompleteWeek } from '../../functions/core/period/period.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  generateDemoDirectory,
  OUT_OF_BAND_LOGIN_ID,
} from '../../functions/local/descope-api/demo-directory.js';
import { createDemoPopulation, HOSTILE_LOGIN_ID } from '../../functions/local/descope-api/demo-population.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
  withEnvironment,
} from '../../functions/local/local-environment.js';
import { seedPreviousAccessSnapshot } from '../../functions/local/seed-access-history.js';
import { type CliIo, runCli } from '../../functions/weekly-report/cli/cli.js';
import { createAwsClients } from '../../functions/weekly-report/wiring/build-dependencies.js';

const now = Date.parse('2026-12-01T10:00:00Z');
const period = previousCompleteWeek(now);
const prefix = `reports/${LOCAL_PROJECT_ID}/${period.label}/`;
const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
const population = createDemoPopulation();
const directoryAt = (at: number) => generateDemoDirectory({ population, records, at, now });
const GLOBEX = 'T2aB4cD6eF8gH0jK2mN4pQ6rS8';

let local: LocalEnvironment;
const lines: string[] = [];
const io: CliIo = { print: (l) => lines.push(l), error: (l) => lines.push(l), now: () => now };
const store = () =>
  createS3ReportStore({
    client: createAwsClients({ AWS_REGION: 'us-east-1' }).s3,
    bucket: LOCAL_BUCKET,
    region: 'us-east-1',
  });
const text = async (key: string) => Buffer.from((await store().get(key)) ?? []).toString('utf8');

beforeAll(async () => {
  local = await startLocalEnvironment({ records, now: () => now, directory: directoryAt(period.to) });
  const catalog = validateReportCatalog(
    JSON.parse(await readFile('functions/local/demo-report-catalog.json', 'utf8')),
  );
  if (!catalog.ok) throw new Error(catalog.problems.join('; '));
  await withEnvironment(local.env, async () => {
    await seedPreviousAccessSnapshot({
      store: store(),
      projectId: LOCAL_PROJECT_ID,
      period,
      directory: directoryAt(period.from),
      privilegedRoles: catalog.catalog.privilegedRoles,
    });
    const env = { ...local.env, REPORT_QUERIES_FILE: 'functions/local/demo-report-catalog.json' };
    await runCli(['--week', period.label], env, io);
  });
});

afterAll(() => local?.close());

describe('the demo access review against the stand-ins (what npm start shows)', () => {
  it("reads the directory with one user search and one access-key search, inside the run's 10 requests a minute", () => {
    const paths = local.descope.requests.map((r) => r.path).filter((p) => p !== '/v1/mgmt/license');
    expect(paths.filter((p) => p === '/v2/mgmt/user/search')).toHaveLength(1);
    expect(paths.filter((p) => p === '/v1/mgmt/accesskey/search')).toHaveLength(1);
    expect(paths.length).toBeLessThanOrEqual(10);
  });

  it('shows the grant made outside the audit trail and the never-expiring admin key as findings', async () => {
    const summary = JSON.parse(await withEnvironment(local.env, () => text(`${prefix}summary.json`)));
    const titles = summary.findings.map((f: { title: string }) => f.title);
    expect(titles).toContain(`Privilege without an audit trail: Tenant Admin in tenant ${GLOBEX}`);
    expect(titles).toContain(
      'Privileged access key never expires: ci-deploy (legacy) (K2DemoCiDeployAdminKey00000)',
    );
    expect(titles.filter((t: string) => t.startsWith('Privilege without an audit trail'))).toHaveLength(1);
    expect(summary.accessReview.previousSnapshot.period).toBe(previousCompleteWeek(period.from).label);
    const html = await withEnvironment(local.env, () => text(`${prefix}report.html`));
    expect(html).toContain('<h2 id="access-review-heading">Access review</h2>');
    expect(html).toContain(OUT_OF_BAND_LOGIN_ID);
    expect(html).not.toContain(HOSTILE_LOGIN_ID);
    expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;@evil.test');
    for (const control of [
      'SOC 2 CC6.2',
      'SOC 2 CC6.3',
      'PCI DSS 7.2.4',
      'PCI DSS 8.2.6',
      'ISO 27001 A.5.18',
      'ISO 27001 A.8.2',
    ])
      expect(html).toContain(`<span class="control">${control}</span>`);
  });

  it('gives the Globex tenant only its own members and keys, and records a sign-off without touching the report', async () => {
    const tenantSnapshot = JSON.parse(
      await withEnvironment(local.env, () => text(`${prefix}tenants/${GLOBEX}/access/snapshot.json`)),
    );
    const tenantsNamed = new Set<string>(
      [...tenantSnapshot.users, ...tenantSnapshot.keys].flatMap((p: { roles: Array<{ tenantId: string }> }) =>
        p.roles.map((r) => r.tenantId),
      ),
    );
    expect([...tenantsNamed]).toEqual([GLOBEX]);
    expect(tenantSnapshot.keys).toEqual([]);
    const before = await withEnvironment(local.env, () => text(`${prefix}tenants/${GLOBEX}/report.html`));
    await withEnvironment(local.env, () =>
      runAttestCli(
        [
          '--period',
          period.label,
          '--tenant',
          GLOBEX,
          '--reviewer',
          'reviewer@corp.example',
          '--decision',
          'changes-required',
          '--note',
          'revoke the contractor',
        ],
        local.env,
        io,
      ),
    );
    const attestation = JSON.parse(
      await withEnvironment(local.env, () => text(`${prefix}tenants/${GLOBEX}/access/attestation.json`)),
    );
    expect(attestation).toMatchObject({
      scope: { kind: 'tenant', tenantId: GLOBEX },
      decision: 'changes-required',
      reviewer: 'reviewer@corp.example',
      note: 'revoke the contractor',
    });
    expect(await withEnvironment(local.env, () => text(`${prefix}tenants/${GLOBEX}/report.html`))).toBe(
      before,
    );
  });
});
