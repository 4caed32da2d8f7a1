import pRetry from 'p-retry';
import pThrottle from 'p-throttle';
import { DescopeAuditError, TimeBudgetError } from '../shared/errors.js';
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
  /**
   * How long this invocation may still wait (ms). A `Retry-After` longer than that throws
   * `TimeBudgetError` instead of sleeping, so the run pauses and continues in a new invocation.
   * @default no limit (the CLI)
   */
  waitBudgetMs?: () => number;
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
  /**
   * Runs another one-attempt Descope request (the analytics search) under the same limiter, 429
   * pause and retry policy, so every request of the run shares one budget.
   */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Stops queued work and timers (end of run). */
  stop(): Promise<void>;
}

/** 429 answers one request may wait out before it is given up (each waits `Retry-After`). */
const MAX_RATE_LIMIT_WAITS = 30;

/** The longest `Retry-After` honoured; a longer one (or a nonsensical one) waits this long. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** `setTimeout` fires at once above this, which would turn a wait into a busy loop. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, MAX_TIMER_MS)));

/** Slack on the limiter's minute for the time a request takes to reach the API. */
const WINDOW_MARGIN_MS = 1000;

/**
 * Wraps one-attempt searches with the run's single rate limiter (a strict sliding window: never
 * more than `requestsPerMinute` requests in any minute, the way the API counts), exponential
 * backoff with jitter for transient failures, and `Retry-After` for 429s: a 429 pauses every
 * search of the run, not only the one that got it. After `maxAttempts` the last error is thrown
 * for the caller to record as a gap.
 */
export function createReliableAuditSearch(
  api: AuditSearchApi,
  options: ReliabilityOptions,
): ReliableAuditSearch {
  const stopped = new AbortController();
  const throttle = pThrottle({
    limit: options.requestsPerMinute,
    interval: 60_000 + WINDOW_MARGIN_MS,
    strict: true,
    signal: stopped.signal,
  });
  const stats: SearchStats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  let pausedUntil = 0;
  const send = throttle((call: () => Promise<unknown>) => {
    stats.requests += 1;
    return call();
  });

  const attempt = async <T>(call: () => Promise<T>) => {
    // Wait out a 429 before taking a limiter slot, so the slot's time is the request's real time.
    for (let wait = pausedUntil - Date.now(); wait > 0; wait = pausedUntil - Date.now()) await sleep(wait);
    return (await send(call)) as T;
  };

  const reliable: ReliableAuditSearch = {
    stats,
    search: (request: AuditSearchRequest): Promise<AuditSearchPage> =>
      reliable.run(() => api.search(request)),
    run<T>(call: () => Promise<T>): Promise<T> {
      let rateLimited = 0;
      return pRetry(() => attempt(call), {
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
            const waitMs = Math.min(error.details.retryAfterMs ?? 60_000, MAX_RETRY_AFTER_MS);
            const budget = options.waitBudgetMs?.();
            if (budget !== undefined && waitMs > budget) {
              // Thrown from here, p-retry stops and rejects with it.
              throw new TimeBudgetError(
                `Descope asked to wait ${Math.ceil(waitMs / 1000)} s before the next audit search; ` +
                  `this invocation has ${Math.max(0, Math.floor(budget / 1000))} s it may wait`,
              );
            }
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
      stopped.abort(new Error('audit search stopped'));
    },
  };
  return reliable;
}

function isRateLimit(error: unknown): boolean {
  return error instanceof DescopeAuditError && error.details.status === 429;
}
