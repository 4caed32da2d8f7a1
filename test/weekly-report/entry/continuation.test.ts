import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ReportStore } from '../../../functions/adapters/s3-report-store.js';
import { previousCompleteWeek } from '../../../functions/core/period/period.js';
import { generateSyntheticFailedLogins } from '../../../functions/local/descope-api/synthetic-failed-logins.js';
import { LOCAL_MANAGEMENT_KEY, LOCAL_PROJECT_ID } from '../../../functions/local/local-environment.js';
import { runCli } from '../../../functions/weekly-report/cli/cli.js';
import { createReportHandler } from '../../../functions/weekly-report/entry/handler.js';
import { createAwsClients } from '../../../functions/weekly-report/wiring/build-dependencies.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../../support/lambda-environment.js';
import { disableAllBut } from '../../support/lean-catalog.js';

const now = Date.now();
const week = previousCompleteWeek(now);
const prefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;

/** An invocation that has time for one evidence part only: it pauses at the first part boundary. */
function shortLivedContext(requestId: string): Context {
  let asked = 0;
  return {
    functionName: 'DescopeAuditReport-weekly-report',
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => (asked++ === 0 ? 900_000 : 1_000),
  } as unknown as Context;
}

let aws: LambdaTestEnvironment;
let env: Record<string, string>;
/** The function, as one warm container runs it, over the stand-ins' environment. */
let handler: ReturnType<typeof createReportHandler>;

beforeAll(async () => {
  const records = generateSyntheticFailedLogins({
    count: 2_500,
    window: week,
    seed: 3,
    projectId: LOCAL_PROJECT_ID,
  });
  aws = await startLambdaTestEnvironment(records, 100_000);
  // Parts of 1,000 records (the default is 10,000): three parts of the failed logins, as a week ten
  // times the size cuts at the default, for a tenth of the records to read, write and compare.
  // The subject is pausing and continuing, not the tables: one table of each of the catalog's four
  // collections (a pause falls between collections too), the first the one the test compares.
  const kept = ['failed-logins-by-geo', 'impersonations', 'user-lifecycle', 'role-grants'];
  env = {
    ...aws.env,
    REPORT_EVIDENCE_PART_RECORDS: '1000',
    REPORT_QUERIES: JSON.stringify({ disable: disableAllBut(...kept) }),
  };
  handler = createReportHandler(env);
});

afterAll(async () => {
  await aws?.close();
});

async function readStored(key: string): Promise<Buffer> {
  const store = createS3ReportStore({
    client: createAwsClients({ ...env, AWS_REGION: 'us-east-1' }).s3,
    bucket: env.REPORT_BUCKET ?? '',
    region: 'us-east-1',
  });
  return Buffer.from((await store.get(key)) ?? new Uint8Array());
}

describe('a run longer than one invocation', () => {
  it('pauses between evidence parts, continues itself, and stores what one straight run stores', async () => {
    const statuses: string[] = [];
    let result = await handler({ scheduledTime: new Date(now).toISOString() }, shortLivedContext('req-1'));
    statuses.push(result.status);
    for (let i = 2; result.status === 'continuing' && i < 12; i += 1) {
      const next = aws.lambda.queued.shift();
      expect(next?.functionName).toBe('DescopeAuditReport-weekly-report');
      result = await handler(next?.payload, shortLivedContext(`req-${i}`));
      statuses.push(result.status);
    }
    // 2,500 failed logins are three evidence parts (a pause after each); each invocation here has
    // time for one part only, so the three other (small) collections take one invocation each, the
    // last of which also writes the report.
    expect(statuses).toEqual([
      'continuing',
      'continuing',
      'continuing',
      'continuing',
      'continuing',
      'finished',
    ]);
    expect(aws.lambda.queued).toHaveLength(0);
    expect(result).toMatchObject({ status: 'finished', complete: true, email: 'sent' });
    expect((await aws.local.ses.emails()).length).toBe(1);

    const paused = {
      manifest: await readStored(`${prefix}manifest.json`),
      csv: await readStored(`${prefix}failed-logins-by-geo.csv`),
    };
    const summary = JSON.parse(paused.manifest.toString()) as { files: Array<{ name: string }> };
    expect(summary.files.filter((f) => f.name.startsWith('evidence/login-failures/'))).toHaveLength(3);

    // The same week straight through, by the CLI: byte-identical manifest, hence identical files.
    const straight = await runCli(
      ['--week', week.label],
      { ...env, DESCOPE_MANAGEMENT_KEY: LOCAL_MANAGEMENT_KEY },
      { print: () => {}, error: () => {}, now: () => now },
    );
    expect(straight?.data.results[0]?.records).toBe(2_500);
    expect((await readStored(`${prefix}manifest.json`)).equals(paused.manifest)).toBe(true);
    expect((await readStored(`${prefix}failed-logins-by-geo.csv`)).equals(paused.csv)).toBe(true);
  });

  it('refuses, without failing, a continuation of a run that is not in progress', async () => {
    const emails = (await aws.local.ses.emails()).length;
    const manifest = await readStored(`${prefix}manifest.json`);
    const payload = {
      continuation: { runId: 'someone-else', period: week, resend: true, invocation: 2 },
    };
    const result = await handler(payload, shortLivedContext('req-x'));
    expect(result).toEqual({
      status: 'refused',
      period: week.label,
      reason: `Run someone-else is not in progress for ${week.label}: its lock was released or never taken`,
    });
    expect(aws.lambda.queued).toHaveLength(0);
    expect(await aws.local.ses.emails()).toHaveLength(emails);
    expect((await readStored(`${prefix}manifest.json`)).equals(manifest)).toBe(true);
  });
});
