import type { Context } from 'aws-lambda';
import { logger } from './powertools/logger.js';
import { metrics } from './powertools/metrics.js';

/**
 * Wraps a Lambda function body: a fresh log context per invocation (keys appended by one must not
 * leak into the next of a warm container), one failure log at the top, then the error is rethrown
 * so the invocation fails visibly (retries, dead-letter queue, alarm). Metrics are published either
 * way.
 */
export function createHandler<Event, Output>(
  body: (event: Event, context: Context) => Promise<Output>,
): (event: Event, context: Context) => Promise<Output> {
  return async (event, context) => {
    logger.resetKeys();
    logger.addContext(context);
    try {
      return await body(event, context);
    } catch (error) {
      logger.error('Report run failed', { error });
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
