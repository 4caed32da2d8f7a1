import { resolve } from 'node:path';
import { generateDemoAuditData } from '../local/descope-api/demo-audit-data.js';
import { LOCAL_PROJECT_ID, startLocalEnvironment } from '../local/local-environment.js';
import { DOCTOR_USAGE, parseDoctorArgs, runDoctorCli } from './doctor-cli.js';

const print = (line: string) => process.stdout.write(`${line}\n`);
const DEMO_CATALOG = resolve('functions/local/demo-report-catalog.json');

/** Entry of `npm run doctor`: exit 0 when a weekly run should succeed, 1 otherwise. */
async function main(): Promise<number> {
  const args = parseDoctorArgs(process.argv.slice(2));
  if (args.help) {
    print(DOCTOR_USAGE);
    return 0;
  }
  if (!args.local) return runDoctorCli(process.env, { print, now: Date.now });
  print('Starting local stand-ins: Descope audit API (demo data), S3 (s3rver), SES (aws-ses-v2-local)…');
  const local = await startLocalEnvironment({
    records: generateDemoAuditData({ now: Date.now(), projectId: LOCAL_PROJECT_ID }),
    now: () => Date.now(),
  });
  try {
    const env = { ...process.env, ...local.env, REPORT_QUERIES_FILE: DEMO_CATALOG };
    return await runDoctorCli(env, { print, now: Date.now });
  } finally {
    await local.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `Error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
