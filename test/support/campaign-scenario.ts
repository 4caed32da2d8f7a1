import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { runAttestCli } from '../../functions/attest/attest-cli.js';
import { type Campaign, parseCampaign } from '../../functions/core/access/campaign.js';
import { isoWeekStarting } from '../../functions/core/period/period.js';
import { generateDemoDirectory } from '../../functions/local/descope-api/demo-directory.js';
import { ACME, GLOBEX } from '../../functions/local/descope-api/demo-directory-fixtures.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';
import type { StandInDirectory } from '../../functions/local/descope-api/directory-search-handler.js';
import {
  LOCAL_BUCKET,
  LOCAL_MANAGEMENT_KEY,
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ensureLocalSigningKey } from '../../functions/local/local-signing-key.js';
import { startLocalReviewPage } from '../../functions/local/review-page-stand-in.js';
import type { ReviewServer } from '../../functions/local/review-server.js';
import { runVerify } from '../../functions/verify/verify-cli.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { demoTrail } from './demo-trail.js';
import { disableAllBut } from './lean-catalog.js';
import { standInS3Client } from './stand-in-s3-client.js';

export const CAMPAIGN_ID = '2026-W47-project';
export const REVIEWER_A = 'ops.admin@acme.example';
export const REVIEWER_B = 'support.lead@acme.example';
export const NOT_A_REVIEWER = 'dan.adler@globex.example';
/** Revoked by B, then removed in Descope with an audit event: done. */
export const REMEDIATED = 'temp.contractor@globex.example';
/** Revoked by A, never removed: overdue. */
export const NOT_REMEDIATED = 'gil.cohen@umbrella.example';

const PRIVILEGED = new Set(['tenant admin', 'billing admin', 'admin']);

/** A directory user holding no privileged role: the second level reviews everybody else's decisions. */
function secondLevelOf(directory: StandInDirectory): string {
  const user = directory.users.find(
    (u) =>
      u.status === 'enabled' &&
      [...u.roleNames, ...u.userTenants.flatMap((t) => t.roleNames)].every(
        (r) => !PRIVILEGED.has(r.toLowerCase()),
      ),
  );
  if (!user?.loginIds[0]) throw new Error('the demo directory has no user without a privileged role');
  return user.loginIds[0];
}

/**
 * The campaign story on the local stand-ins: the W47 report opens a campaign (reviewers by tenant
 * and a fallback list, a second level, a two-day remediation window), the review page serves it.
 * Clocks are set by the test: the stand-in's and the job's (`clock.now`), the page's (`clock.page`).
 */
export async function startCampaignScenario() {
  const clock = { now: Date.parse('2026-11-25T10:00:00Z'), page: Date.parse('2026-11-26T09:00:00Z') };
  const population = createDemoPopulation();
  const trail = demoTrail(LOCAL_PROJECT_ID);
  const records = trail(clock.now);
  const w47 = isoWeekStarting(Date.parse('2026-11-16T00:00:00Z'));
  const directory = generateDemoDirectory({ population, records, at: w47.to, now: clock.now });
  const secondLevel = secondLevelOf(directory);
  const local: LocalEnvironment = await startLocalEnvironment({
    records,
    now: () => clock.now,
    rateLimit: { requests: 600, windowMs: 60_000 },
    directory,
  });
  const dir = await mkdtemp(join(tmpdir(), 'campaign-scenario-'));
  const manifestKey = await ensureLocalSigningKey(dir);
  const attestationKey = await ensureLocalSigningKey(dir, 'attestation-key');
  const page: ReviewServer = await startLocalReviewPage({
    env: local.env,
    attestationKeyFile: attestationKey.privateKeyFile,
    clock: () => clock.page,
  });
  const settings = {
    cadence: 'quarterly',
    coverage: 'privileged',
    reviewers: {
      tenants: { [GLOBEX]: [REVIEWER_B], [ACME]: [REVIEWER_A] },
      fallback: [REVIEWER_A, REVIEWER_B],
    },
    secondLevel: [secondLevel],
    dueDays: 5,
    remediationWindowDays: 2,
  };
  const env: Record<string, string> = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '600',
    DESCOPE_DIRECTORY_RPM: '600',
    // The demo's catalog (its roles, tenants and recipients), with the tables the campaign does not
    // read left out (the demo's own queries, the other built-in ones): the week's role changes are kept.
    REPORT_QUERIES: JSON.stringify({
      ...JSON.parse(await readFile(resolve('functions/local/demo-report-catalog.json'), 'utf8')),
      queries: [],
      disable: disableAllBut('role-grants', 'role-revocations', 'role-changes-not-understood'),
    }),
    // Nothing here reads the OCSF export (test/e2e/ocsf-export.e2e.test.ts does).
    OCSF_EXPORT_ENABLED: 'false',
    REPORT_SIGNING_KEY_FILE: manifestKey.privateKeyFile,
    ATTESTATION_SIGNING_KEY_FILE: attestationKey.privateKeyFile,
    ACCESS_CAMPAIGNS: JSON.stringify(settings),
    REVIEW_PAGE_URL: page.url,
  };
  const s3 = standInS3Client(local.env.AWS_ENDPOINT_URL_S3 ?? '');
  const io = (lines: string[] = []) => ({
    print: (l: string) => void lines.push(l),
    error: (l: string) => void lines.push(l),
    now: () => clock.now,
  });
  return {
    clock,
    local,
    page,
    env,
    secondLevel,
    manifestKey,
    attestationKey,
    /** Runs the weekly report of `week` as the schedule would (through the CLI, against the stand-ins). */
    report: (week: string) => runCli(['--week', week], env, io()),
    /** Records decisions through `npm run attest -- --campaign` (the bulk file). */
    async attest(reviewer: string, decisions: unknown[]) {
      const file = join(dir, `decisions-${Date.now()}-${Math.random()}.json`);
      await writeFile(file, JSON.stringify({ decisions }));
      const lines: string[] = [];
      const cli = { ...io(lines), now: () => clock.page };
      await runAttestCli(['--campaign', CAMPAIGN_ID, '--reviewer', reviewer, '--decisions', file], env, cli);
      return lines;
    },
    /** `npm run verify -- --campaign` over the bucket, with both public keys. */
    async verify() {
      const lines: string[] = [];
      const args = [
        '--campaign',
        CAMPAIGN_ID,
        '--public-key',
        manifestKey.publicKeyFile,
        '--attestation-key',
        attestationKey.publicKeyFile,
        `s3://${LOCAL_BUCKET}/`,
      ];
      const code = await runVerify(args, env, { print: (l) => void lines.push(l), now: () => clock.now });
      return { code, lines };
    },
    async object(key: string): Promise<Uint8Array | undefined> {
      try {
        const answer = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKET, Key: key }));
        return answer.Body ? await answer.Body.transformToByteArray() : undefined;
      } catch {
        return undefined;
      }
    },
    async campaign(): Promise<Campaign> {
      const bytes = await this.object(`access/campaigns/${CAMPAIGN_ID}/campaign.json`);
      const parsed = bytes ? parseCampaign(bytes) : undefined;
      if (!parsed?.ok) throw new Error('no campaign stored');
      return parsed.campaign;
    },
    /** An administrator removes a tenant role in Descope (the management API logs it). */
    async removeTenantRole(userId: string, tenantId: string, role: string) {
      const answer = await fetch(`${local.descope.url}/v1/mgmt/user/update/role/remove`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${LOCAL_PROJECT_ID}:${LOCAL_MANAGEMENT_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ loginId: userId, tenantId, roleNames: [role] }),
      });
      if (!answer.ok) throw new Error(`role removal answered ${answer.status}`);
    },
    /** The next week: the stand-in's trail now reaches `at`. */
    advanceTo(at: number) {
      clock.now = at;
      local.descope.setRecords(trail(at));
    },
    async close() {
      s3.destroy();
      await page.close();
      await local.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type CampaignScenario = Awaited<ReturnType<typeof startCampaignScenario>>;
