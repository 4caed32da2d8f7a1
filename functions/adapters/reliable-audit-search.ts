import Bottleneck from 'bottleneck';
import pRetry from 'p-retry';
import { DescopeAuditError } from '../shared/errors.js';
import type { AuditSearchApi, AuditSearchPage, AuditSearchRequest } from './audit-search-api.js';

export interface ReliabilityOptions {
  /** Requests per minute for the whole run, shared by every search. */
  requestsPerMinute: number;
  /** Attempts per request for transient failures (429s wait without spending one). */
  maxAttempts: number;
  /** First backoff delay; doubles per attempt with jitter. @default 1000 */
  minBackoffMs?: number;
  /** @default 30000 */
  maxBackoffMs?: number;
  /** Called for each retried failure and each rate-limit pause (progress and logs). */
  onEvent?: (event: ReliabilityEvent) => void;
}

export type ReliabilityEvent =
  | { type: 'retry'; attempt: number; reason: string; status?: number }
  | { type: 'rate-limited'; waitMs: number };

/** Counters of one run's traffic. */
export interface SearchStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export interface ReliableAuditSearch extends AuditSearchApi {
  readonly stats: SearchStats;
  /** Stops queued work and timers (end of run). */
  stop(): Promise<void>;
}

/** 429 answers one request may wait out before it is given up (each waits `Retry-After`). */
const MAX_RATE_LIMIT_WAITS = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps one-attempt searches with the run's single rate limiter (requests spaced evenly at
 * `requestsPerMinute`, so no sliding minute ever exceeds it), exponential backoff with jitter for
 * transient failures, and `Retry-After` for 429s: a 429 pauses every search of the run, not only
 * the one that got it. After `maxAttempts` the last error is thrown for the caller to record.
 */
export function createReliableAuditSearch(
  api: AuditSearchApi,
  options: ReliabilityOptions,
): ReliableAuditSearch {
  const limiter = new Bottleneck({
    maxConcurrent: 1,
    minTime: Math.ceil(60_000 / options.requestsPerMinute),
  });
  const stats: SearchStats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  let pausedUntil = 0;

  const attempt = (request: AuditSearchRequest) =>
    limiter.schedule(async () => {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      stats.requests += 1;
      return api.search(request);
    });

  return {
    stats,
    search(request: AuditSearchRequest): Promise<AuditSearchPage> {
      let rateLimited = 0;
      return pRetry(() => attempt(request), {
        // At least one retry slot: a 429 spends none, but p-retry stops when none is left.
        retries: Math.max(options.maxAttempts - 1, 1),
        factor: 2,
        minTimeout: options.minBackoffMs ?? 1000,
        maxTimeout: options.maxBackoffMs ?? 30_000,
        randomize: true,
        shouldConsumeRetry: ({ error }) => !isRateLimit(error),
        // A server that keeps answering 429 (another client sharing the key) must not hold the run forever.
        shouldRetry: ({ error, retriesConsumed }) =>
          error instanceof DescopeAuditError &&
          error.details.retryable === true &&
          (isRateLimit(error)
            ? rateLimited < MAX_RATE_LIMIT_WAITS
            : retriesConsumed < options.maxAttempts - 1),
        onFailedAttempt: ({ error, attemptNumber }) => {
          if (!(error instanceof DescopeAuditError)) return;
          if (isRateLimit(error)) {
            rateLimited += 1;
            const waitMs = error.details.retryAfterMs ?? 60_000;
            pausedUntil = Math.max(pausedUntil, Date.now() + waitMs);
            stats.rateLimitWaits += 1;
            stats.rateLimitWaitMs += waitMs;
            options.onEvent?.({ type: 'rate-limited', waitMs });
            return;
          }
          if (error.details.retryable) {
            stats.retries += 1;
            options.onEvent?.({
              type: 'retry',
              attempt: attemptNumber,
              reason: error.message,
              ...(error.details.status !== undefined ? { status: error.details.status } : {}),
            });
          }
        },
      });
    },
    async stop() {
      await limiter.stop({ dropWaitingJobs: true });
    },
  };
}

function isRateLimit(error: unknown): boolean {
  return error instanceof DescopeAuditError && error.details.status === 429;
}
