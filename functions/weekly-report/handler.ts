import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { readDescopeSecret } from '../adapters/descope-credentials.js';
import { ConfigError } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { buildDependencies } from './build-dependencies.js';
import { lambdaEnvironmentSchema, parseEnvironment } from './config.js';
import { parseReportEvent } from './report-event.js';
import { runWeeklyReport } from './run-weekly-report.js';

const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DescopeAuditReporter',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'descope-audit-reporter',
});
const secrets = new SecretsManagerClient({});

export interface HandlerResult {
  period: string;
  location: string;
  complete: boolean;
  files: number;
  email: string;
}

/**
 * Lambda entry point for the schedule (`{ "scheduledTime": ISO }` or a classic scheduled event)
 * and manual runs (`{ "week": "YYYY-Www", "resend": false }`). Thin: configuration, credentials,
 * dependencies, then the use case. Failures are logged once and rethrown so the invocation fails
 * visibly (retries, dead-letter queue, alarm).
 */
export const handler = async (event: unknown, context: Context): Promise<HandlerResult> => {
  logger.addContext(context);
  let stop: (() => Promise<void>) | undefined;
  try {
    const config = parseEnvironment(lambdaEnvironmentSchema, process.env);
    const request = parseReportEvent(event);
    logger.appendKeys({ period: request.period.label, trigger: request.trigger });
    const secret = await readDescopeSecret(secrets, config.DESCOPE_SECRET_ARN);
    if (secret.projectId && secret.projectId !== config.DESCOPE_PROJECT_ID) {
      throw new ConfigError('The Descope secret names another project than DESCOPE_PROJECT_ID');
    }
    const deps = buildDependencies(
      config,
      { projectId: config.DESCOPE_PROJECT_ID, managementKey: secret.managementKey },
      (e) =>
        logger.warn(e.type === 'rate-limited' ? 'Rate limited by Descope' : 'Retrying audit search', {
          ...e,
        }),
    );
    stop = deps.search.stop;
    const result = await runWeeklyReport(
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: request.period,
        now: Date.now(),
        catalog: config.REPORT_QUERIES,
        maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
        resend: request.resend,
        sender: config.REPORT_SENDER,
        recipients: config.REPORT_RECIPIENTS,
      },
      {
        ...deps,
        events: {
          onPage: (collection, p) => logger.debug('Audit page read', { collection, ...p }),
          onCollected: (collection, o) =>
            logger.info('Collection finished', { collection, ...o, gaps: o.gaps.length, gapDetails: o.gaps }),
          onStored: (keys) => {
            metrics.addMetric('ReportPublished', MetricUnit.Count, 1);
            logger.info('Report stored', { files: keys.length });
          },
        },
      },
    );
    const incomplete = result.data.results.filter((r) => !r.complete).length;
    metrics.addMetric('IncompleteQueries', MetricUnit.Count, incomplete);
    logger.info('Report run finished', {
      location: result.location.uri,
      complete: result.complete,
      incompleteQueries: incomplete,
      email: result.email.status,
      searchStats: deps.search.stats,
    });
    return {
      period: request.period.label,
      location: result.location.uri,
      complete: result.complete,
      files: result.keys.length,
      email: result.email.status,
    };
  } catch (error) {
    logger.error('Report run failed', error as Error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
    await stop?.();
  }
};
