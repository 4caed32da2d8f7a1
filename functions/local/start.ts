import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { describeError, RunRefusedError } from '../shared/errors.js';
import { defaultIo } from '../weekly-report/cli/cli-io.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { runDemo } from './demo-run.js';
import { LOCAL_BUCKET, LOCAL_PROJECT_ID } from './local-environment.js';
import { printChannelMessages } from './print-channel-messages.js';

const OUT_DIR = resolve('out');
/** The demo's manifest signing key pair (created on first run, then reused so the weeks chain). */
const KEY_DIR = join(OUT_DIR, 'signing-key');

/**
 * `npm start`: the real job, end to end, on this machine. A Descope audit API stand-in seeded with
 * five weeks of demo data, s3rver as S3 and aws-ses-v2-local as SES, all on loopback, with
 * Descope's real rate limit (10 searches a minute). Arguments are passed to the CLI; with
 * `--source stream` the S3 stand-in also holds the audit stream in both layouts and the job reads it.
 */
async function main(): Promise<void> {
  const print = (line = '') => process.stdout.write(`${line}\n`);
  print(
    'Starting local stand-ins: Descope audit API (demo data), S3 (s3rver), SES (aws-ses-v2-local), a webhook sink, EventBridge, Secrets Manager…',
  );
  const { local, result, signingKey } = await runDemo({
    argv: process.argv.slice(2),
    env: process.env,
    now: Date.now,
    keyDirectory: KEY_DIR,
    io: defaultIo,
    onReady: ({ signingKey, seeded, stream }) => {
      if (signingKey) {
        const { created, privateKeyFile, publicKeyFile } = signingKey;
        print(
          `${created ? 'Created' : 'Using'} the local signing key ${relative(process.cwd(), privateKeyFile)}`,
        );
        print(`  its public key (give it to verify): ${relative(process.cwd(), publicKeyFile)}`);
      }
      if (seeded)
        print(`Seeded the previous week's access snapshot, as its run would have stored it: ${seeded}`);
      if (stream) print(`Seeded the audit stream: ${stream}`);
    },
  });
  try {
    if (result) {
      // Copy the stored report out of the S3 stand-in so it can be opened from disk.
      const store = createS3ReportStore({
        client: createAwsClients({ ...local.env, AWS_REGION: 'us-east-1' }).s3,
        bucket: LOCAL_BUCKET,
        region: 'us-east-1',
      });
      for (const key of [...result.keys, ...result.frontDoor]) {
        const body = await store.get(key);
        if (!body) throw new Error(`Stored object missing from the S3 stand-in: ${key}`);
        const target = join(OUT_DIR, key);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, body);
      }
    }
    if (!result) return;
    const html = join(OUT_DIR, result.prefix, 'report.html');
    print();
    print(
      `Report downloaded from the S3 stand-in to ./${relative(process.cwd(), join(OUT_DIR, result.prefix))}/`,
    );
    print(`Open the HTML report: ${pathToFileURL(html).href}`);
    const door = result.frontDoor.find((key) => key.endsWith(`${LOCAL_PROJECT_ID}/index.html`));
    if (door) print(`Auditors start at the front door: ${pathToFileURL(join(OUT_DIR, door)).href}`);
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
    printChannelMessages(local, print);
    process.exitCode = result.complete ? 0 : 2;
  } finally {
    await local.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${describeError(error, 'name: message')}\n`);
  process.exitCode = error instanceof RunRefusedError ? 3 : 1;
});
