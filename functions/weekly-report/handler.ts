import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { readDescopeSecret } from '../adapters/descope-credentials.js';
import { createLambdaRunContinuer } from '../adapters/run-continuer.js';
import { ConfigError } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { buildDependencies } from './build-dependencies.js';
import { accessReviewSettings, lambdaEnvironmentSchema, parseEnvironment } from './config.js';
import { continuationPayload, parseReportEvent } from './report-event.js';
import { runWeeklyReport } from './run-weekly-report.js';

const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DescopeAuditReporter',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'descope-audit-reporter',
});
const secrets = new SecretsManagerClient({});
const lambda = new LambdaClient({});

/**
 * Collection pauses between evidence parts once less than this is left of the invocation: a part
 * is at most one result window (10 requests, about a minute at 10/min, more with retries).
 */
const PAUSE_MARGIN_MS = 3 * 60_000;
/** A run continues itself at most this often (12 hours at 15 minutes); then it reports what it has. */
export const MAX_INVOCATIONS = 48;

export type HandlerResult =
  | { status: 'finished'; period: string; location: string; complete: boolean; files: number; email: string }
  | { status: 'continuing'; period: string; runId: string; invocation: number; recordsKept: number };

/**
 * Lambda entry point for the schedule (`{ "scheduledTime": ISO }` or a classic scheduled event)
 * and manual runs (`{ "week": "YYYY-Www", "resend": false }`). Thin: configuration, credentials,
 * dependencies, then the use case. Failures are logged once and rethrown so the invocation fails
 * visibly (retries, dead-letter queue, alarm).
 */
export const handler = async (event: unknown, context: Context): Promise<HandlerResult> => {
  // Keys appended for one invocation must not leak into the next one of a warm container.
  logger.resetKeys();
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
    const runId = request.continuation?.runId ?? context.awsRequestId;
    const invocation = request.continuation?.invocation ?? 1;
    const result = await runWeeklyReport(
      {
        projectId: config.DESCOPE_PROJECT_ID,
        period: request.period,
        now: Date.now(),
        catalog: config.REPORT_QUERIES,
        maxResultWindow: config.DESCOPE_MAX_RESULT_WINDOW,
        accessReview: accessReviewSettings(config),
        resend: request.resend,
        sender: config.REPORT_SENDER,
        recipients: config.REPORT_RECIPIENTS,
        runId,
        resume: request.continuation !== undefined,
        shouldContinue: () => context.getRemainingTimeInMillis() > PAUSE_MARGIN_MS,
        ...(invocation >= MAX_INVOCATIONS
          ? { stopReason: `collection stopped after ${MAX_INVOCATIONS} invocations of the function` }
          : {}),
      },
      {
        ...deps,
        events: {
          onPage: (collection, p) =>
            logger.info('Audit page read', {
              collection,
              page: p.page,
              recordsKept: p.kept,
              windowTotal: p.windowTotal,
              requests: deps.search.stats.requests,
              retries: deps.search.stats.retries,
              rateLimitWaits: deps.search.stats.rateLimitWaits,
            }),
          onCollected: (collection, o) =>
            logger.info('Collection finished', { collection, ...o, gaps: o.gaps.length, gapDetails: o.gaps }),
          onTrends: (trends, requests) =>
            logger.info('Trend history read', { available: trends.available, analyticsRequests: requests }),
          onStored: (keys) => {
            metrics.addMetric('ReportPublished', MetricUnit.Count, 1);
            logger.info('Report stored', { files: keys.length });
          },
        },
      },
    );
    if (result.state === 'paused') {
      await createLambdaRunContinuer(lambda, context.functionName).continueRun(
        continuationPayload(request.period, request.resend, runId, invocation + 1),
      );
      logger.info('Collection paused; continuing in a new invocation', {
        runId,
        invocation,
        recordsKept: result.recordsKept,
        searchStats: deps.search.stats,
      });
      return {
        status: 'continuing',
        period: request.period.label,
        runId,
        invocation,
        recordsKept: result.recordsKept,
      };
    }
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
      status: 'finished',
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
