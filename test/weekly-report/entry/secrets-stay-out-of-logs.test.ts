import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoAuditData } from '../../../functions/local/descope-api/demo-audit-data.js';
import { LOCAL_MANAGEMENT_KEY, LOCAL_PROJECT_ID } from '../../../functions/local/local-environment.js';
import { logger } from '../../../functions/shared/powertools/logger.js';
import { createReportHandler } from '../../../functions/weekly-report/entry/handler.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../../support/lambda-environment.js';
import { disableAllBut } from '../../support/lean-catalog.js';

const context = {
  functionName: 'DescopeAuditReport-weekly-report',
  awsRequestId: 'req-logs',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

let aws: LambdaTestEnvironment;
let handler: ReturnType<typeof createReportHandler>;
const output: string[] = [];
const level = logger.getLevelName();

beforeAll(async () => {
  aws = await startLambdaTestEnvironment(
    generateDemoAuditData({ now: Date.now(), projectId: LOCAL_PROJECT_ID }),
    600,
  );
  // Every phase and collection logs as with the whole catalog: one table of each of its four
  // collections (the tables' number changes no line's kind).
  const kept = ['failed-logins-by-geo', 'impersonations', 'user-lifecycle', 'role-grants'];
  handler = createReportHandler({
    ...aws.env,
    REPORT_QUERIES: JSON.stringify({ disable: disableAllBut(...kept) }),
  });
  // Everything the function can log, at the most verbose level.
  logger.setLogLevel('DEBUG');
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterAll(async () => {
  vi.restoreAllMocks();
  logger.setLogLevel(level);
  await aws?.close();
});

describe('the management key', () => {
  it('appears in no log line of a run, of a retried search, or of a failed run', async () => {
    // One run that completes through retried searches, then one that fails.
    aws.local.descope.injectFaults(['http500', 'html502']);
    await handler({ scheduledTime: new Date().toISOString() }, context);
    await expect(handler({ week: '2026-W99' }, context)).rejects.toThrow();
    const logs = output.join('');
    // The runs did log: structured lines with the collection figures and the failure.
    expect(logs).toContain('"message":"Collection finished"');
    expect(logs).toContain('"message":"Retrying audit search"');
    expect(logs).toContain('"message":"Report run failed"');
    expect(logs).not.toContain(LOCAL_MANAGEMENT_KEY);
  });
});
