import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoAuditData } from '../../../functions/local/descope-api/demo-audit-data.js';
import { LOCAL_PROJECT_ID } from '../../../functions/local/local-environment.js';
import { createReportHandler } from '../../../functions/weekly-report/entry/handler.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../../support/lambda-environment.js';
import { disableAllBut } from '../../support/lean-catalog.js';

const context = {
  functionName: 'DescopeAuditReport-weekly-report',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

let aws: LambdaTestEnvironment;
let local: LambdaTestEnvironment['local'];
let lambdaEnv: Record<string, string>;
/** The function over the stand-ins' environment; a handler per environment, as a container has one. */
let handler: ReturnType<typeof createReportHandler>;

beforeAll(async () => {
  aws = await startLambdaTestEnvironment(
    generateDemoAuditData({ now: Date.now(), projectId: LOCAL_PROJECT_ID }),
    600,
  );
  local = aws.local;
  // The handler's wiring is under test, not the tables: one is kept.
  lambdaEnv = {
    ...aws.env,
    REPORT_QUERIES: JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') }),
  };
  handler = createReportHandler(lambdaEnv);
});

afterAll(async () => {
  await aws?.close();
});

describe('Lambda handler', () => {
  it('reports the last complete week before the schedule time, reading the key from Secrets Manager', async () => {
    const scheduledTime = new Date().toISOString();
    const result = await handler({ scheduledTime }, context);
    if (result.status !== 'finished') throw new Error('expected a finished run');
    expect(result.complete).toBe(true);
    expect(result.email).toBe('sent');
    expect(result.location).toMatch(new RegExp(`^s3://.+/reports/${LOCAL_PROJECT_ID}/\\d{4}-W\\d{2}/$`));
    expect(aws.secrets.reads).toBe(1);
    const emails = await local.ses.emails();
    expect(emails.at(-1)?.subject).toMatch(
      new RegExp(`^Descope audit report ${result.period}( · \\d+ findings?)?$`),
    );
  });

  it('does not mail twice when the schedule delivers the same event again', async () => {
    const before = (await local.ses.emails()).length;
    const result = await handler(
      { 'detail-type': 'Scheduled Event', time: new Date().toISOString() },
      context,
    );
    expect(result).toMatchObject({ status: 'finished', email: 'already-sent' });
    expect(await local.ses.emails()).toHaveLength(before);
  });

  it('fails before any request, naming the variable, when configuration is invalid', async () => {
    const requests = local.descope.requests.length;
    const env = { ...lambdaEnv, REPORT_SENDER: 'nobody' };
    await expect(createReportHandler(env)({ week: '2026-W01' }, context)).rejects.toThrow(/REPORT_SENDER/);
    expect(local.descope.requests.length).toBe(requests);
  });

  it('fails before any request and reads no secret when DuckDB refuses a custom SQL query', async () => {
    const requests = local.descope.requests.length;
    const reads = aws.secrets.reads;
    const sql = "SELECT * FROM read_csv('/etc/passwd') ORDER BY 1";
    const env = {
      ...lambdaEnv,
      REPORT_QUERIES: JSON.stringify({ queries: [{ id: 'steal', title: 'Steal', sql }] }),
    };
    await expect(createReportHandler(env)({ week: '2026-W01' }, context)).rejects.toThrow(
      /^Invalid configuration: REPORT_QUERIES query "steal" sql: table function read_csv\(\) \(line 1, column 15\)/,
    );
    expect(local.descope.requests.length).toBe(requests);
    expect(aws.secrets.reads).toBe(reads);
  });

  it('rejects an unknown payload with a clear error', async () => {
    await expect(handler({ hello: 'world' }, context)).rejects.toThrow(/Unrecognised invocation payload/);
  });
});
