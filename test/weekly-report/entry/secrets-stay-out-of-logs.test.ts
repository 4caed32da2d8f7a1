import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoAuditData } from '../../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_MANAGEMENT_KEY,
  LOCAL_PROJECT_ID,
  withEnvironment,
} from '../../../functions/local/local-environment.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../../support/lambda-environment.js';

// Everything the function can log, at the most verbose level.
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
const { handler } = await import('../../../functions/weekly-report/entry/handler.js');

const context = {
  functionName: 'DescopeAuditReport-weekly-report',
  awsRequestId: 'req-logs',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

let aws: LambdaTestEnvironment;
const output: string[] = [];

beforeAll(async () => {
  aws = await startLambdaTestEnvironment(
    generateDemoAuditData({ now: Date.now(), projectId: LOCAL_PROJECT_ID }),
    600,
  );
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await aws?.close();
});

describe('the management key', () => {
  it('appears in no log line of a run, of a retried search, or of a failed run', async () => {
    await withEnvironment(aws.env, () => handler({ scheduledTime: new Date().toISOString() }, context));
    aws.local.descope.injectFaults(['http500', 'html502']);
    await withEnvironment(aws.env, () => handler({ scheduledTime: new Date().toISOString() }, context));
    await expect(withEnvironment(aws.env, () => handler({ week: '2026-W99' }, context))).rejects.toThrow();
    const logs = output.join('');
    // The runs did log: structured lines with the collection figures and the failure.
    expect(logs).toContain('"message":"Collection finished"');
    expect(logs).toContain('"message":"Retrying audit search"');
    expect(logs).toContain('"message":"Report run failed"');
    expect(logs).not.toContain(LOCAL_MANAGEMENT_KEY);
  });
});
