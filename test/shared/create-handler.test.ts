import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/shared/create-handler.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/shared/powertools/constants.js';
import { logger } from '../../functions/shared/powertools/logger.js';
import { metrics } from '../../functions/shared/powertools/metrics.js';
import { captureLogLines } from '../support/captured-log-lines.js';

const context = (awsRequestId: string) =>
  ({ functionName: 'report', awsRequestId, getRemainingTimeInMillis: () => 1000 }) as unknown as Context;

const lines = captureLogLines();

describe('createHandler', () => {
  it('returns what the body returns and logs no failure', async () => {
    const handler = createHandler(async (event: { n: number }) => event.n * 2);
    await expect(handler({ n: 21 }, context('ok'))).resolves.toBe(42);
    expect(lines.filter((l) => l.level === 'ERROR')).toEqual([]);
  });

  it('logs a failure once, with the invocation context, and rethrows the same error', async () => {
    const failure = new TypeError('the catalog is broken');
    const handler = createHandler(async () => {
      throw failure;
    });
    await expect(handler({}, context('req-7'))).rejects.toBe(failure);
    const errors = lines.filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: 'Report run failed',
      service: SERVICE_NAME,
      function_request_id: 'req-7',
      error: { name: 'TypeError', message: 'the catalog is broken' },
    });
  });

  it('starts each invocation without the keys the previous one appended', async () => {
    const handler = createHandler(async (event: { period?: string }) => {
      if (event.period) logger.appendKeys({ period: event.period });
      logger.info('Working');
    });
    await handler({ period: '2026-W01' }, context('first'));
    await handler({}, context('second'));
    const working = lines.filter((l) => l.message === 'Working');
    expect(working.map((l) => [l.function_request_id, l.period])).toEqual([
      ['first', '2026-W01'],
      ['second', undefined],
    ]);
  });

  it('publishes the metrics of a failed invocation too', async () => {
    const handler = createHandler(async () => {
      metrics.addMetric('ReportPublished', MetricUnit.Count, 1);
      throw new Error('after storing');
    });
    await expect(handler({}, context('metrics'))).rejects.toThrow('after storing');
    const emf = lines.find((l) => l._aws !== undefined) as
      | { _aws: { CloudWatchMetrics: { Namespace: string }[] }; ReportPublished: number; service: string }
      | undefined;
    expect(emf?._aws.CloudWatchMetrics[0]?.Namespace).toBe(METRICS_NAMESPACE);
    expect(emf?.ReportPublished).toBe(1);
    expect(emf?.service).toBe(SERVICE_NAME);
  });
});
