import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ReliabilityEvent, SearchStats } from '../../adapters/reliable-audit-search.js';
import { JOB_METRICS } from '../../shared/powertools/constants.js';
import { logger } from '../../shared/powertools/logger.js';
import { metrics } from '../../shared/powertools/metrics.js';
import type { RunEvents } from '../run-events.js';
import type { FinishedRun, PausedRun, RefusedRun } from '../run-outcome.js';

/** A search retry or rate-limit wait, as a warning (the CLI prints the same event as a line). */
export function logSearchEvent(event: ReliabilityEvent): void {
  logger.warn(event.type === 'rate-limited' ? 'Rate limited by Descope' : 'Retrying audit search', {
    ...event,
  });
}

/**
 * The run's progress as structured log lines and metrics: the Lambda's counterpart of
 * `cli-progress.ts`. `stats` is the run's live search counter, read at each line.
 */
export function createLambdaProgress(stats: Readonly<SearchStats>) {
  const events: Required<RunEvents> = {
    onPage: (collection, p) =>
      logger.info('Audit page read', {
        collection,
        page: p.page,
        recordsKept: p.kept,
        windowTotal: p.windowTotal,
        requests: stats.requests,
        retries: stats.retries,
        rateLimitWaits: stats.rateLimitWaits,
      }),
    onCollected: (collection, o) =>
      logger.info('Collection finished', { collection, ...o, gaps: o.gaps.length, gapDetails: o.gaps }),
    onTrends: (trends, requests) =>
      logger.info('Trend history read', { available: trends.available, analyticsRequests: requests }),
    onStored: (keys) => {
      metrics.addMetric(JOB_METRICS.reportPublished, MetricUnit.Count, 1);
      logger.info('Report stored', { files: keys.length });
    },
    onChannels: (outcomes) => {
      const failed = outcomes.filter((o) => o.status === 'failed');
      // A message a dead run may or may not have sent needs a person as much as a failed one.
      const unconfirmed = outcomes.filter((o) => o.status === 'unconfirmed');
      metrics.addMetric(
        JOB_METRICS.channelDeliveryFailed,
        MetricUnit.Count,
        failed.length + unconfirmed.length,
      );
      // Outcomes name the channel and the kind of failure, never a URL or a secret.
      for (const o of failed) logger.warn('Channel delivery failed', { ...o });
      for (const o of unconfirmed) logger.warn('Channel delivery unconfirmed', { ...o });
      logger.info('Channels delivered', { outcomes: outcomes.map((o) => ({ ...o })) });
    },
  };
  return {
    events,
    /** Not a failure: nothing may be retried while another run holds the period. */
    refused(run: RefusedRun, runId: string) {
      logger.warn('Report run refused', { reason: run.reason, runId });
    },
    paused(run: PausedRun, invocation: number) {
      logger.info('Collection paused; continuing in a new invocation', {
        runId: run.runId,
        invocation,
        recordsKept: run.recordsKept,
        searchStats: { ...stats },
      });
    },
    finished(run: FinishedRun) {
      const incomplete = run.data.results.filter((r) => !r.complete).length;
      metrics.addMetric(JOB_METRICS.incompleteQueries, MetricUnit.Count, incomplete);
      const unverified = run.data.unverifiedInputs ?? [];
      metrics.addMetric(JOB_METRICS.unverifiedInputs, MetricUnit.Count, unverified.length);
      if (unverified.length > 0)
        logger.warn('Stored inputs failed verification', { unverifiedInputs: unverified });
      const unconfirmed = countUnconfirmed(run);
      metrics.addMetric(JOB_METRICS.unconfirmedEmails, MetricUnit.Count, unconfirmed);
      if (unconfirmed > 0)
        logger.warn('Email delivery unconfirmed', {
          emails: [run.email, ...run.tenants.map((t) => t.email)].filter((e) => e.status === 'unconfirmed'),
        });
      logger.info('Report run finished', {
        location: run.location.uri,
        complete: run.complete,
        incompleteQueries: incomplete,
        email: run.email.status,
        unconfirmedEmails: unconfirmed,
        anchor: run.anchor.status,
        searchStats: { ...stats },
      });
    },
  };
}

/** The run's emails (project and tenants) that may or may not have gone out. */
export const countUnconfirmed = (run: Pick<FinishedRun, 'email' | 'tenants'>): number =>
  [run.email, ...run.tenants.map((t) => t.email)].filter((e) => e.status === 'unconfirmed').length;
