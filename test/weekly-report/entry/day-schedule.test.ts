import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousCompleteDay } from '../../../functions/core/period/period.js';
import { generateDemoAuditData } from '../../../functions/local/descope-api/demo-audit-data.js';
import { LOCAL_PROJECT_ID } from '../../../functions/local/local-environment.js';
import { createReportHandler } from '../../../functions/weekly-report/entry/handler.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../../support/lambda-environment.js';
import { disableAllBut } from '../../support/lean-catalog.js';

const context = {
  functionName: 'DescopeAuditReport-report',
  awsRequestId: 'req-day-1',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

let aws: LambdaTestEnvironment;

beforeAll(async () => {
  aws = await startLambdaTestEnvironment(
    generateDemoAuditData({ now: Date.now(), projectId: LOCAL_PROJECT_ID }),
    600,
  );
  // The day's schedule and folder are under test, not the tables: one is kept.
  aws.env.REPORT_QUERIES = JSON.stringify({ disable: disableAllBut('failed-logins-by-geo') });
});

afterAll(async () => {
  await aws?.close();
});

describe('the daily schedule through the Lambda handler', () => {
  it('stores the UTC day before the scheduled time under days/, and a replay reports the same day', async () => {
    const handler = createReportHandler({ ...aws.env, REPORT_DAILY_SCHEDULE: 'cron(30 1 * * ? *) UTC' });
    const scheduledTime = new Date().toISOString();
    const day = previousCompleteDay(Date.parse(scheduledTime)).label;
    const event = { period: 'day', scheduledTime };
    const first = await handler(event, context);
    expect(first).toMatchObject({ status: 'finished', period: day, complete: true });
    if (first.status !== 'finished') throw new Error('expected a finished run');
    expect(first.location).toMatch(new RegExp(`/reports/${LOCAL_PROJECT_ID}/days/${day}/$`));
    // The first day of a chain has nothing to compare with: nothing is new, so nothing is mailed.
    expect(first.email).toBe('not-sent');
    const again = await handler(event, { ...context, awsRequestId: 'req-day-2' } as Context);
    expect(again).toMatchObject({ status: 'finished', period: day, location: first.location });
  });

  it('refuses a forged day payload before any request', async () => {
    const requests = aws.local.descope.requests.length;
    const handler = createReportHandler(aws.env);
    await expect(
      handler({ period: 'day', scheduledTime: new Date().toISOString(), day: '2020-01-01' }, context),
    ).rejects.toThrow(/Daily schedule refused/);
    expect(aws.local.descope.requests.length).toBe(requests);
  });
});
