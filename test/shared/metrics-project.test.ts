import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchStats } from '../../functions/adapters/reliable-audit-search.js';
import {
  JOB_METRICS,
  METRICS_NAMESPACE,
  PROJECT_DIMENSION,
  SERVICE_NAME,
} from '../../functions/shared/powertools/constants.js';
import { metrics, setMetricsProject } from '../../functions/shared/powertools/metrics.js';
import { createReportHandler } from '../../functions/weekly-report/entry/handler.js';
import { createLambdaProgress } from '../../functions/weekly-report/entry/lambda-progress.js';
import { captureLogLines } from '../support/captured-log-lines.js';

const lines = captureLogLines();

afterEach(() => {
  metrics.clearMetrics();
  setMetricsProject(undefined);
});

type Emf = {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }>;
  };
} & Record<string, unknown>;

/** Stores a report through the Lambda progress events and publishes: the EMF line written. */
function publishReportStored(): Emf {
  const stats: SearchStats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  createLambdaProgress(stats).events.onStored(['reports/p/2026-W01/manifest.json']);
  metrics.publishStoredMetrics();
  const emf = lines.find((l) => l._aws !== undefined) as Emf | undefined;
  if (!emf) throw new Error('no metrics line was written');
  return emf;
}

describe('the project dimension of the job metrics', () => {
  it('publishes a project of several under service and its own project dimension', () => {
    setMetricsProject('staging');
    const emf = publishReportStored();
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Dimensions).toEqual([['service', PROJECT_DIMENSION]]);
    expect(directive?.Metrics.map((m) => m.Name)).toEqual([JOB_METRICS.reportPublished]);
    expect(emf).toMatchObject({ service: SERVICE_NAME, [PROJECT_DIMENSION]: 'staging', ReportPublished: 1 });
  });

  it('publishes a single project under service alone, as before projects existed', () => {
    setMetricsProject('prod');
    setMetricsProject(undefined);
    const emf = publishReportStored();
    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
    expect(emf.service).toBe(SERVICE_NAME);
    expect(emf).not.toHaveProperty(PROJECT_DIMENSION);
  });

  it('replaces the project of an earlier invocation', () => {
    setMetricsProject('prod');
    setMetricsProject('staging');
    expect(publishReportStored()[PROJECT_DIMENSION]).toBe('staging');
  });

  it('takes the project from the function environment (REPORT_PROJECT_NAME) on each invocation', async () => {
    const env = {
      DESCOPE_PROJECT_ID: 'P2test0000000000000000000000',
      DESCOPE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x',
      REPORT_BUCKET: 'bucket',
      REPORT_SENDER: 'reports@example.com',
      REPORT_RECIPIENTS: 'lead@example.com',
      AWS_REGION: 'us-east-1',
      REPORT_PROJECT_NAME: 'staging',
    };
    const context = {
      functionName: 'DescopeAuditReport-staging-weekly-report',
      awsRequestId: 'req-project',
      getRemainingTimeInMillis: () => 900_000,
    } as unknown as Context;
    // An event the handler refuses after reading its configuration: no request is made.
    await expect(createReportHandler(env)({ week: 'not-a-week' }, context)).rejects.toThrow(/not-a-week/);
    expect(publishReportStored()[PROJECT_DIMENSION]).toBe('staging');
  });
});
