import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttestCli } from '../../functions/attest/attest-cli.js';
import { previousCompleteWeek } from '../../functions/core/period/period.js';
import { OUT_OF_BAND_LOGIN_ID } from '../../functions/local/descope-api/demo-directory.js';
import { HOSTILE_LOGIN_ID } from '../../functions/local/descope-api/demo-population.js';
import { LOCAL_PROJECT_ID } from '../../functions/local/local-environment.js';
import type { CliIo } from '../../functions/weekly-report/cli/cli-io.js';
import { copyOfDemoBucket, demoRun } from '../support/demo-run.js';

const GLOBEX = 'T2aB4cD6eF8gH0jK2mN4pQ6rS8';
const { prefix } = demoRun();
const period = previousCompleteWeek(demoRun().now);

const lines: string[] = [];
const io: CliIo = { print: (l) => lines.push(l), error: (l) => lines.push(l), now: () => demoRun().now };
const text = (key: string, root = demoRun().bucket) => readFile(join(root, key), 'utf8');

describe('the demo access review against the stand-ins (what npm start shows)', () => {
  it("reads the directory with one role list, one user search and one access-key search, and keeps the trail's searches inside 10 a minute", () => {
    const paths = demoRun().descopeRequests.filter((p) => p !== '/v1/mgmt/license');
    // The directory has its own limiter: one read each of the roles, the role holders and the keys.
    expect(paths.filter((p) => p === '/v1/mgmt/role/all')).toHaveLength(1);
    expect(paths.filter((p) => p === '/v2/mgmt/user/search')).toHaveLength(1);
    expect(paths.filter((p) => p === '/v1/mgmt/accesskey/search')).toHaveLength(1);
    // Besides the searches, the one request that anchors the sealed report in the audit trail.
    expect(paths.filter((p) => p === '/v1/mgmt/audit/event')).toHaveLength(1);
    const trailSearches = paths.filter(
      (p) => p === '/v1/mgmt/audit/search' || p === '/v1/mgmt/analytics/search',
    );
    expect(trailSearches.length).toBeGreaterThan(0);
    expect(trailSearches.length).toBeLessThanOrEqual(10);
    expect(paths.length).toBe(trailSearches.length + 4);
  });

  it('shows the grant made outside the audit trail and the never-expiring admin key as findings', async () => {
    const summary = JSON.parse(await text(`${prefix}summary.json`));
    const titles = summary.findings.map((f: { title: string }) => f.title);
    expect(titles).toContain(`Privilege without an audit trail: Tenant Admin in tenant ${GLOBEX}`);
    expect(titles).toContain(
      'Privileged access key never expires: ci-deploy (legacy) (K2DemoCiDeployAdminKey00000)',
    );
    expect(titles.filter((t: string) => t.startsWith('Privilege without an audit trail'))).toHaveLength(1);
    expect(summary.accessReview.previousSnapshot.period).toBe(previousCompleteWeek(period.from).label);
    const html = await text(`${prefix}report.html`);
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
    const tenantSnapshot = JSON.parse(await text(`${prefix}tenants/${GLOBEX}/access/snapshot.json`));
    const tenantsNamed = new Set<string>(
      [...tenantSnapshot.users, ...tenantSnapshot.keys].flatMap((p: { roles: Array<{ tenantId: string }> }) =>
        p.roles.map((r) => r.tenantId),
      ),
    );
    expect([...tenantsNamed]).toEqual([GLOBEX]);
    expect(tenantSnapshot.keys).toEqual([]);
    // The sign-off goes into a copy of the bucket, as `npm run attest -- --dir` records it.
    const copy = await copyOfDemoBucket();
    try {
      const before = await text(`${prefix}tenants/${GLOBEX}/report.html`, copy.root);
      await runAttestCli(
        [
          '--dir',
          copy.root,
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
        { DESCOPE_PROJECT_ID: LOCAL_PROJECT_ID },
        io,
      );
      const attestation = JSON.parse(
        await text(`${prefix}tenants/${GLOBEX}/access/attestation.json`, copy.root),
      );
      expect(attestation).toMatchObject({
        scope: { kind: 'tenant', tenantId: GLOBEX },
        decision: 'changes-required',
        reviewer: 'reviewer@corp.example',
        note: 'revoke the contractor',
      });
      expect(await text(`${prefix}tenants/${GLOBEX}/report.html`, copy.root)).toBe(before);
    } finally {
      await copy.remove();
    }
  });
});
