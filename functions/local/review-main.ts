import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { isoWeekStarting, WEEK_MS } from '../core/period/period.js';
import { exitWith } from '../shared/exit-with.js';
import { runCli } from '../weekly-report/cli/cli.js';
import { generateDemoAuditData } from './descope-api/demo-audit-data.js';
import { generateDemoDirectory } from './descope-api/demo-directory.js';
import { createDemoPopulation } from './descope-api/demo-population.js';
import { LOCAL_PROJECT_ID, startLocalEnvironment } from './local-environment.js';
import { ensureLocalSigningKey } from './local-signing-key.js';
import { startLocalReviewPage } from './review-page-stand-in.js';

const KEY_DIR = resolve('out/signing-key');
const SETTINGS = resolve('functions/local/demo-campaign-settings.json');

/**
 * `npm run review`: the review page on this machine. Starts the stand-ins (Descope with its
 * sign-in and session keys, S3, SES), runs the last complete week's report, which opens the demo
 * campaign, and serves the page until Ctrl-C. `REVIEW_PORT` picks the port.
 */
async function main(): Promise<void> {
  const now = Date.now();
  const print = (line = '') => process.stdout.write(`${line}\n`);
  const week = isoWeekStarting(now - WEEK_MS);
  const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
  const directory = generateDemoDirectory({ population: createDemoPopulation(), records, at: week.to, now });
  print('Starting local stand-ins: Descope (audit API, sign-in, session keys), S3, SES…');
  const local = await startLocalEnvironment({ records, now: () => Date.now(), directory });
  const manifestKey = await ensureLocalSigningKey(KEY_DIR);
  const attestationKey = await ensureLocalSigningKey(KEY_DIR, 'attestation-key');
  const page = await startLocalReviewPage({
    env: local.env,
    attestationKeyFile: attestationKey.privateKeyFile,
    port: Number(process.env.REVIEW_PORT ?? 0),
  });
  const env = {
    ...process.env,
    ...local.env,
    DESCOPE_AUDIT_RPM: process.env.DESCOPE_AUDIT_RPM ?? '10',
    REPORT_QUERIES_FILE: resolve('functions/local/demo-report-catalog.json'),
    REPORT_SIGNING_KEY_FILE: manifestKey.privateKeyFile,
    ATTESTATION_SIGNING_KEY_FILE: attestationKey.privateKeyFile,
    ACCESS_CAMPAIGNS: await readFile(SETTINGS, 'utf8'),
    REVIEW_PAGE_URL: page.url,
  };
  const stop = async () => {
    await page.close();
    await local.close();
  };
  try {
    const run = await runCli(['--week', week.label], env);
    print();
    print(`Review page: ${page.url}${run?.openedCampaign ? `campaigns/${run.openedCampaign}` : ''}`);
    print('Sign in (the Descope stand-in asks for a login ID) as a reviewer:');
    print(
      '  ops.admin@acme.example, support.lead@acme.example (first level), fatima.diaz@mail.example (second level)',
    );
    print(
      `Decisions are signed with ${relative(process.cwd(), attestationKey.privateKeyFile)}; verify a sealed campaign with`,
    );
    print(
      `  npm run verify -- --campaign ID --public-key ${relative(process.cwd(), manifestKey.publicKeyFile)} --attestation-key ${relative(process.cwd(), attestationKey.publicKeyFile)} s3://…`,
    );
    print('Ctrl-C stops it.');
  } catch (error) {
    await stop();
    throw error;
  }
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stop();
}

exitWith(main(), 'name: message');
