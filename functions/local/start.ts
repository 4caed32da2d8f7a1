import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLocalKeySigner } from '../adapters/local-key-signer.js';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { validateReportCatalog } from '../core/catalog/report-catalog.js';
import { describeError, RunRefusedError } from '../shared/errors.js';
import { runCli } from '../weekly-report/cli/cli.js';
import { parseCliArgs } from '../weekly-report/cli/cli-args.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { generateDemoAuditData } from './descope-api/demo-audit-data.js';
import { generateDemoDirectory } from './descope-api/demo-directory.js';
import { createDemoPopulation } from './descope-api/demo-population.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  startLocalEnvironment,
  withEnvironment,
} from './local-environment.js';
import { ensureLocalSigningKey } from './local-signing-key.js';
import { seedPreviousAccessSnapshot } from './seed-access-history.js';

const OUT_DIR = resolve('out');
/** The demo's catalog: a custom query, privileged roles, per-tenant reports with their own recipients. */
const DEMO_CATALOG = resolve('functions/local/demo-report-catalog.json');
/** The demo's manifest signing key pair (created on first run, then reused so the weeks chain). */
const KEY_DIR = join(OUT_DIR, 'signing-key');
/** The demo files its anchor events under this Descope tenant. */
const DEMO_ANCHOR_TENANT = 'compliance-reports';

/**
 * `npm start`: the real job, end to end, on this machine. A Descope audit API stand-in seeded with
 * five weeks of demo data, s3rver as S3 and aws-ses-v2-local as SES, all on loopback, with
 * Descope's real rate limit (10 searches a minute). Arguments are passed to the CLI.
 */
async function main(): Promise<void> {
  const now = Date.now();
  const print = (line = '') => process.stdout.write(`${line}\n`);
  print('Starting local stand-ins: Descope audit API (demo data), S3 (s3rver), SES (aws-ses-v2-local)…');
  const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
  const population = createDemoPopulation();
  // The directory as it stands at the end of the reported period; the CLI validates the arguments again.
  const { period } = parseCliArgs(process.argv.slice(2), now);
  const directoryAt = (at: number) => generateDemoDirectory({ population, records, at, now });
  const local = await startLocalEnvironment({
    records,
    now: () => Date.now(),
    directory: directoryAt(period.to),
  });
  const signingKey = process.env.REPORT_SIGNING_KEY_FILE ? undefined : await ensureLocalSigningKey(KEY_DIR);
  const keyFile = process.env.REPORT_SIGNING_KEY_FILE ?? signingKey?.privateKeyFile;
  const sealing = {
    ...(signingKey ? { REPORT_SIGNING_KEY_FILE: signingKey.privateKeyFile } : {}),
    ...(process.env.REPORT_ANCHOR_TENANT_ID ? {} : { REPORT_ANCHOR_TENANT_ID: DEMO_ANCHOR_TENANT }),
  };
  if (signingKey) {
    const { created, privateKeyFile, publicKeyFile } = signingKey;
    print(
      `${created ? 'Created' : 'Using'} the local signing key ${relative(process.cwd(), privateKeyFile)}`,
    );
    print(`  its public key (give it to verify): ${relative(process.cwd(), publicKeyFile)}`);
  }
  try {
    const result = await withEnvironment(local.env, async () => {
      const catalog =
        process.env.REPORT_QUERIES || process.env.REPORT_QUERIES_FILE
          ? {}
          : { REPORT_QUERIES_FILE: DEMO_CATALOG };
      const store = createS3ReportStore({
        client: createAwsClients({
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_S3: local.env.AWS_ENDPOINT_URL_S3,
        }).s3,
        bucket: LOCAL_BUCKET,
        region: 'us-east-1',
      });
      const demoCatalog = validateReportCatalog(JSON.parse(await readFile(DEMO_CATALOG, 'utf8')));
      const seeded = await seedPreviousAccessSnapshot({
        store,
        projectId: LOCAL_PROJECT_ID,
        period,
        directory: directoryAt(period.from),
        privilegedRoles: demoCatalog.ok ? demoCatalog.catalog.privilegedRoles : ['Tenant Admin'],
        // Sealed with the run's key: the run verifies the earlier week before it compares with it.
        signer: keyFile ? await loadLocalKeySigner(keyFile, 'REPORT_SIGNING_KEY_FILE') : undefined,
      });
      if (seeded)
        print(`Seeded the previous week's access snapshot, as its run would have stored it: ${seeded}`);
      const run = await runCli(process.argv.slice(2), {
        ...process.env,
        ...local.env,
        ...catalog,
        ...sealing,
      });
      if (!run) return undefined;
      // Copy the stored report out of the S3 stand-in so it can be opened from disk.
      for (const key of run.keys) {
        const body = await store.get(key);
        if (!body) throw new Error(`Stored object missing from the S3 stand-in: ${key}`);
        const target = join(OUT_DIR, key);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, body);
      }
      return run;
    });
    if (!result) return;
    const html = join(OUT_DIR, result.prefix, 'report.html');
    print();
    print(
      `Report downloaded from the S3 stand-in to ./${relative(process.cwd(), join(OUT_DIR, result.prefix))}/`,
    );
    print(`Open the HTML report: ${pathToFileURL(html).href}`);
    const folder = relative(process.cwd(), join(OUT_DIR, result.prefix));
    if (signingKey) {
      print(
        `Verify it: npm run verify -- --public-key ${relative(process.cwd(), signingKey.publicKeyFile)} ${folder}`,
      );
    }
    const emails = await local.ses.emails();
    for (const [i, email] of emails.entries()) {
      print();
      print('Email sent through the SES stand-in:');
      print(`  From:    ${email.from}`);
      print(`  To:      ${email.destination.to.join(', ')}`);
      print(`  Subject: ${email.subject}`);
      // The project email in full; the tenants' emails have the same shape.
      if (i > 0) continue;
      print();
      for (const line of (email.body.text ?? '').split('\n')) print(`  | ${line}`);
    }
    process.exitCode = result.complete ? 0 : 2;
  } finally {
    await local.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${describeError(error, 'name: message')}\n`);
  process.exitCode = error instanceof RunRefusedError ? 3 : 1;
});
