import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ReportStore } from '../../functions/adapters/s3-report-store.js';
import { previousCompleteWeek } from '../../functions/core/period/period.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import { LOCAL_MANAGEMENT_KEY, LOCAL_PROJECT_ID } from '../../functions/local/local-environment.js';
import { RunRefusedError } from '../../functions/shared/errors.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { exitCodeOf } from '../../functions/weekly-report/cli/cli-io.js';
import { createReportHandler } from '../../functions/weekly-report/entry/handler.js';
import { claimPeriod } from '../../functions/weekly-report/run-control/period-lock.js';
import { createAwsClients } from '../../functions/weekly-report/wiring/build-dependencies.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../support/lambda-environment.js';
import { disableAllBut } from '../support/lean-catalog.js';

const now = Date.now();
let aws: LambdaTestEnvironment;
let handler: ReturnType<typeof createReportHandler>;

beforeAll(async () => {
  aws = await startLambdaTestEnvironment(generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }), 600);
  // Who holds the week is under test, not the tables: one is kept.
  aws.env.REPORT_QUERIES = JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') });
  handler = createReportHandler(aws.env);
});

afterAll(async () => {
  await aws?.close();
});

const quiet = (at: number) => ({ print: () => {}, error: () => {}, now: () => at });
const cliEnv = () => ({ ...aws.env, DESCOPE_MANAGEMENT_KEY: LOCAL_MANAGEMENT_KEY });
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );

describe('two runs of the same week at once', () => {
  it('two CLI runs: exactly one report and one email; the other exits 3 having done nothing', async () => {
    const week = previousCompleteWeek(now);
    const emails = (await aws.local.ses.emails()).length;
    const requests = aws.local.descope.requests.length;
    const outcomes = await Promise.all([
      settle(runCli(['--week', week.label], cliEnv(), quiet(now))),
      settle(runCli(['--week', week.label], cliEnv(), quiet(now + 1))),
    ]);
    const codes = outcomes.map(exitCodeOf);
    expect(codes.sort()).toEqual([0, 3]);
    const refused = outcomes.find((o) => 'error' in o);
    expect(refused && 'error' in refused && refused.error).toBeInstanceOf(RunRefusedError);
    expect(String(refused && 'error' in refused && refused.error)).toMatch(
      new RegExp(`Another run \\(cli-\\d+, started .*\\) is reporting ${week.label}`),
    );
    expect((await aws.local.ses.emails()).length - emails).toBe(1);
    // One run's searches only: the refused run sent none. A run of the same week alone, afterwards,
    // makes exactly as many (the data is the same; it sends no second email).
    const isSearch = (r: { path: string }) => r.path.endsWith('/search');
    const concurrent = aws.local.descope.requests.slice(requests).filter(isSearch).length;
    const before = aws.local.descope.requests.length;
    const alone = await settle(runCli(['--week', week.label], cliEnv(), quiet(now + 2)));
    expect(exitCodeOf(alone)).toBe(0);
    expect(aws.local.descope.requests.slice(before).filter(isSearch).length).toBe(concurrent);
    expect((await aws.local.ses.emails()).length - emails).toBe(1);
  });

  it('the schedule and a CLI run: one report, one email; a refused Lambda returns without failing', async () => {
    const week = previousCompleteWeek(now - 7 * 86_400_000);
    const emails = (await aws.local.ses.emails()).length;
    const context = {
      functionName: 'DescopeAuditReport-weekly-report',
      awsRequestId: 'req-scheduled',
      getRemainingTimeInMillis: () => 900_000,
    } as unknown as Context;
    const [lambda, cli] = await Promise.all([
      settle(handler({ week: week.label }, context)),
      settle(runCli(['--week', week.label], cliEnv(), quiet(now))),
    ]);
    // The Lambda never fails into the DLQ for this: it either reports or returns "refused".
    expect('result' in lambda).toBe(true);
    const status = 'result' in lambda ? lambda.result.status : 'failed';
    if (status === 'refused') {
      expect(exitCodeOf(cli)).toBe(0);
      expect('result' in lambda && lambda.result).toMatchObject({
        reason: expect.stringMatching(/Another run \(cli-/),
      });
    } else {
      expect(status).toBe('finished');
      expect(exitCodeOf(cli)).toBe(3);
    }
    expect((await aws.local.ses.emails()).length - emails).toBe(1);
  });

  it('a scheduled run while a CLI run holds the week: logged and returned, no failure, nothing sent', async () => {
    const week = previousCompleteWeek(now - 14 * 86_400_000);
    const prefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
    const claim = await claimPeriod({
      store: createS3ReportStore({
        client: createAwsClients({ ...aws.env, AWS_REGION: 'us-east-1' }).s3,
        bucket: aws.env.REPORT_BUCKET ?? '',
        region: 'us-east-1',
      }),
      prefix,
      period: week.label,
      runId: 'cli-holding',
      clock: Date.now,
    });
    expect(claim.held).toBe(true);
    const emails = (await aws.local.ses.emails()).length;
    const searches = aws.local.descope.requests.length;
    const context = {
      functionName: 'DescopeAuditReport-weekly-report',
      awsRequestId: 'req-second',
      getRemainingTimeInMillis: () => 900_000,
    } as unknown as Context;
    const result = await handler({ week: week.label }, context);
    expect(result).toMatchObject({
      status: 'refused',
      period: week.label,
      reason: expect.stringMatching(/^Another run \(cli-holding, started .*\) is reporting/),
    });
    // Only the SDK's license handshakes: no search.
    const sent = aws.local.descope.requests.slice(searches).map((r) => r.path);
    expect(sent.filter((path) => path.endsWith('/search'))).toEqual([]);
    expect(await aws.local.ses.emails()).toHaveLength(emails);
    if (claim.held) await claim.lock.release();
  });
});
