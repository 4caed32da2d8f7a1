import { resolve } from 'node:path';
import { DAY_MS } from '../core/period/period.js';
import { generateDemoAuditData } from '../local/descope-api/demo-audit-data.js';
import { generateDemoDirectory } from '../local/descope-api/demo-directory.js';
import { createDemoPopulation } from '../local/descope-api/demo-population.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  LOCAL_STREAM_BUCKET,
  startLocalEnvironment,
} from '../local/local-environment.js';
import { demoStreamRecords, seedDemoStream } from '../local/stream/demo-stream.js';
import { exitWith } from '../shared/exit-with.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
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
  const source = { REPORT_SOURCE: args.source ?? process.env.REPORT_SOURCE };
  if (!args.local) return runDoctorCli({ ...process.env, ...source }, { print, now: Date.now });
  print(
    'Starting local stand-ins: Descope audit API and directory (demo data), S3 (s3rver), SES (aws-ses-v2-local)…',
  );
  const now = Date.now();
  const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
  const local = await startLocalEnvironment({
    records,
    now: () => Date.now(),
    directory: generateDemoDirectory({ population: createDemoPopulation(), records, at: now, now }),
  });
  try {
    if (args.source === 'stream') {
      // The last two days of the demo stream, in both layouts, as `npm start -- --source stream` seeds it.
      const records = demoStreamRecords({ from: now - 2 * DAY_MS, to: now }, LOCAL_PROJECT_ID).filter(
        (r) => r.occurred <= now,
      );
      const { s3 } = createAwsClients({ ...local.env, AWS_REGION: 'us-east-1' });
      await seedDemoStream(
        s3,
        { report: LOCAL_BUCKET, connector: LOCAL_STREAM_BUCKET },
        records,
        LOCAL_PROJECT_ID,
      );
    }
    const env = { ...process.env, ...local.env, REPORT_QUERIES_FILE: DEMO_CATALOG, ...source };
    return await runDoctorCli(env, { print, now: Date.now });
  } finally {
    await local.close();
  }
}

exitWith(main(), 'name: message');
