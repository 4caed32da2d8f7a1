import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditSearchApi, AuditSearchRequest } from '../../functions/adapters/audit-search-api.js';
import {
  createReliableAuditSearch,
  MAX_RETRY_AFTER_MS,
  type ReliabilityEvent,
} from '../../functions/adapters/reliable-audit-search.js';
import { DescopeAuditError, TimeBudgetError } from '../../functions/shared/errors.js';

const request: AuditSearchRequest = { filter: {}, from: 0, to: 1, page: 0, size: 1000 };
const ok = { records: [], total: 0, malformed: 0 };

/** A one-attempt API answering from a script: an Error to throw or `ok`. */
function scripted(script: Array<Error | 'ok'>) {
  const calls: number[] = [];
  const api: AuditSearchApi = {
    async search() {
      calls.push(Date.now());
      const step = script.shift() ?? 'ok';
      if (step === 'ok') return ok;
      throw step;
    },
  };
  return { api, calls };
}

const transient = (status?: number) =>
  new DescopeAuditError('boom', { ...(status ? { status } : {}), retryable: true });

/** Fake timers and clock: pacing and waits are asserted on the fake clock, never on wall time. */
const fakeTime = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });

describe('reliable audit search', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries transient failures with backoff until one succeeds', async () => {
    const { api, calls } = scripted([transient(503), transient(), transient(500), 'ok']);
    const events: ReliabilityEvent[] = [];
    const search = createReliableAuditSearch(api, {
      requestsPerMinute: 60_000,
      maxAttempts: 6,
      minBackoffMs: 5,
      maxBackoffMs: 20,
      onEvent: (e) => events.push(e),
    });
    await expect(search.search(request)).resolves.toEqual(ok);
    expect(calls).toHaveLength(4);
    expect(search.stats).toMatchObject({ requests: 4, retries: 3, rateLimitWaits: 0 });
    expect(events.map((e) => e.type)).toEqual(['retry', 'retry', 'retry']);
    await search.stop();
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { api, calls } = scripted([transient(502), transient(502), transient(502), 'ok']);
    const search = createReliableAuditSearch(api, {
      requestsPerMinute: 60_000,
      maxAttempts: 3,
      minBackoffMs: 1,
    });
    await expect(search.search(request)).rejects.toThrow(DescopeAuditError);
    expect(calls).toHaveLength(3);
    await search.stop();
  });

  it('does not retry a request the API refused (4xx)', async () => {
    const refused = new DescopeAuditError('bad request', { status: 400, retryable: false });
    const { api, calls } = scripted([refused, 'ok']);
    const search = createReliableAuditSearch(api, {
      requestsPerMinute: 60_000,
      maxAttempts: 5,
      minBackoffMs: 1,
    });
    await expect(search.search(request)).rejects.toBe(refused);
    expect(calls).toHaveLength(1);
    await search.stop();
  });

  it('waits out Retry-After on 429 without spending an attempt, pausing every search', async () => {
    const limited = new DescopeAuditError('rate limited', {
      status: 429,
      retryable: true,
      retryAfterMs: 300,
    });
    const { api, calls } = scripted([limited, limited, 'ok', 'ok']);
    const search = createReliableAuditSearch(api, {
      requestsPerMinute: 60_000,
      maxAttempts: 1,
      minBackoffMs: 1,
    });
    fakeTime();
    const started = Date.now();
    const both = Promise.all([search.search(request), search.search(request)]);
    // Both searches were refused at once, and neither tries again before Retry-After has passed.
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(both).resolves.toEqual([ok, ok]);
    expect(calls).toHaveLength(4);
    expect(calls.slice(2).map((at) => at - started)).toEqual([300, 300]);
    expect(search.stats).toMatchObject({ rateLimitWaits: 2, rateLimitWaitMs: 600 });
    await search.stop();
  });

  it('never sends more than the limit in any minute, whoever asks', async () => {
    fakeTime();
    const { api, calls } = scripted([]);
    const search = createReliableAuditSearch(api, { requestsPerMinute: 3, maxAttempts: 2 });
    const started = Date.now();
    const pending = [1, 2, 3, 4].map(() => search.search(request));
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(pending.slice(0, 3));
    // The first three go at once; the fourth waits for the minute (plus margin) to pass.
    await vi.advanceTimersByTimeAsync(60_999);
    expect(calls).toHaveLength(3);
    expect(search.stats.requests).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending[3]).resolves.toEqual(ok);
    expect(calls.map((at) => at - started)).toEqual([0, 0, 0, 61_000]);
    await search.stop();
  });

  it('counts other Descope requests run through it against the same limit', async () => {
    fakeTime();
    const { api, calls } = scripted([]);
    const search = createReliableAuditSearch(api, { requestsPerMinute: 2, maxAttempts: 2 });
    let analytics = 0;
    const other = search.run(async () => {
      analytics += 1;
      return 'counts';
    });
    const pending = [search.search(request), search.search(request)];
    await expect(other).resolves.toBe('counts');
    await pending[0];
    await vi.advanceTimersByTimeAsync(60_999);
    expect(analytics + calls.length).toBe(2);
    expect(search.stats.requests).toBe(2);
    await search.stop();
    await expect(pending[1]).rejects.toThrow(/stopped/);
  });

  describe('time budget', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    const rateLimited = (retryAfterMs: number) =>
      new DescopeAuditError('slow down', { status: 429, retryable: true, retryAfterMs });

    it('caps Retry-After at 5 minutes, however large (no timer past 2^31 - 1 ms fires at once)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const { api, calls } = scripted([rateLimited(2 ** 40), 'ok']);
      const events: ReliabilityEvent[] = [];
      const search = createReliableAuditSearch(api, {
        requestsPerMinute: 60_000,
        maxAttempts: 3,
        onEvent: (e) => events.push(e),
      });
      const answer = search.search(request);
      await vi.advanceTimersByTimeAsync(MAX_RETRY_AFTER_MS - 1_000);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(answer).resolves.toEqual(ok);
      expect(calls).toHaveLength(2);
      expect(events).toEqual([{ type: 'rate-limited', waitMs: MAX_RETRY_AFTER_MS }]);
      await search.stop();
    });

    it('pauses instead of sleeping when the wait is longer than the invocation has left', async () => {
      const { api, calls } = scripted([rateLimited(120_000), 'ok']);
      const search = createReliableAuditSearch(api, {
        requestsPerMinute: 60_000,
        maxAttempts: 3,
        waitBudgetMs: () => 90_000,
      });
      fakeTime();
      let failure: unknown;
      const settled = search.search(request).catch((error: unknown) => {
        failure = error;
      });
      // Had it slept for the 120 s, nothing would have settled one (fake) second later.
      await vi.advanceTimersByTimeAsync(1_000);
      expect(failure).toBeInstanceOf(TimeBudgetError);
      expect(String(failure)).toMatch(/wait 120 s .* has 90 s/);
      expect(calls).toHaveLength(1);
      await settled;
      await search.stop();
    });

    it('waits when the invocation has the time', async () => {
      const { api, calls } = scripted([rateLimited(20), 'ok']);
      const search = createReliableAuditSearch(api, {
        requestsPerMinute: 60_000,
        maxAttempts: 3,
        waitBudgetMs: () => 90_000,
      });
      await expect(search.search(request)).resolves.toEqual(ok);
      expect(calls).toHaveLength(2);
      await search.stop();
    });
  });
});
