import { afterEach, describe, expect, it } from 'vitest';
import type { SearchStats } from '../../../functions/adapters/reliable-audit-search.js';
import { metrics } from '../../../functions/shared/powertools/metrics.js';
import {
  createLambdaProgress,
  logSearchEvent,
} from '../../../functions/weekly-report/entry/lambda-progress.js';
import type { FinishedRun } from '../../../functions/weekly-report/run-outcome.js';
import { captureLogLines } from '../../support/captured-log-lines.js';

const lines = captureLogLines();

afterEach(() => {
  metrics.clearMetrics();
});

describe('Lambda progress', () => {
  it('logs each page with the live search counters', () => {
    const stats: SearchStats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
    const progress = createLambdaProgress(stats);
    stats.requests = 3;
    stats.retries = 1;
    progress.events.onPage('login-failed', {
      window: { from: 0, to: 1 },
      page: 2,
      records: 1000,
      kept: 1500,
      windowTotal: 4000,
    });
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'Audit page read',
        collection: 'login-failed',
        page: 2,
        recordsKept: 1500,
        windowTotal: 4000,
        requests: 3,
        retries: 1,
      }),
    ]);
  });

  it('warns about rate limits and retries with their details', () => {
    logSearchEvent({ type: 'rate-limited', waitMs: 6000 });
    logSearchEvent({ type: 'retry', attempt: 2, reason: 'HTTP 503' });
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['WARN', 'Rate limited by Descope'],
      ['WARN', 'Retrying audit search'],
    ]);
    expect(lines[0]).toMatchObject({ waitMs: 6000 });
  });

  it('counts the incomplete queries of a finished run as a metric', () => {
    const stats: SearchStats = { requests: 7, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
    const run = {
      state: 'finished',
      location: { uri: 's3://bucket/reports/p/2026-W01/' },
      complete: false,
      email: { status: 'sent' },
      tenants: [],
      anchor: { status: 'written' },
      data: { results: [{ complete: true }, { complete: false }, { complete: false }] },
    } as unknown as FinishedRun;
    createLambdaProgress(stats).finished(run);
    expect(lines.at(-1)).toMatchObject({
      message: 'Report run finished',
      incompleteQueries: 2,
      email: 'sent',
      anchor: 'written',
      searchStats: { requests: 7 },
    });
    metrics.publishStoredMetrics();
    expect(lines.find((l) => l._aws !== undefined)).toMatchObject({ IncompleteQueries: 2 });
  });

  it('counts the emails whose delivery is unconfirmed as a metric, and warns with their reasons', () => {
    const stats: SearchStats = { requests: 1, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
    const reason =
      'a run claimed this email at 2026-03-09T05:00:00.000Z and ended before it confirmed the send';
    const run = {
      state: 'finished',
      location: { uri: 's3://bucket/reports/p/2026-W10/' },
      complete: true,
      email: { status: 'unconfirmed', reason },
      tenants: [
        { tenantId: 'T1', email: { status: 'sent' } },
        { tenantId: 'T2', email: { status: 'unconfirmed', reason: 'SES did not confirm' } },
      ],
      anchor: { status: 'written' },
      data: { results: [{ complete: true }] },
    } as unknown as FinishedRun;
    createLambdaProgress(stats).finished(run);
    expect(lines.find((l) => l.message === 'Email delivery unconfirmed')).toMatchObject({
      level: 'WARN',
      emails: [
        { status: 'unconfirmed', reason },
        { status: 'unconfirmed', reason: 'SES did not confirm' },
      ],
    });
    metrics.publishStoredMetrics();
    expect(lines.find((l) => l._aws !== undefined)).toMatchObject({ UnconfirmedEmails: 2 });
  });
});
