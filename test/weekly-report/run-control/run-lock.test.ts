import { describe, expect, it, vi } from 'vitest';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { deliverOnce } from '../../../functions/weekly-report/publish/deliver-once.js';
import {
  claimPeriod,
  lockKey,
  RunLockLostError,
  startHeartbeat,
} from '../../../functions/weekly-report/run-control/period-lock.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const now = TEST_WEEK.to + 86_400_000;
const prefix = `reports/P2test/${TEST_WEEK.label}/`;
const records = [
  auditRecord({ occurred: TEST_WEEK.from + 1000 }),
  auditRecord({ occurred: TEST_WEEK.from + 2000 }),
];

function mailer() {
  const sent: EmailMessage[] = [];
  const fake: Mailer = {
    async send(message) {
      sent.push(message);
      return { messageId: `m-${sent.length}` };
    },
  };
  return { fake, sent };
}

const input = (runId: string) => ({
  projectId: 'P2test',
  period: TEST_WEEK,
  now,
  catalog,
  maxResultWindow: 10_000,
  resend: false,
  sender: 'reports@example.com',
  recipients: ['lead@example.com'],
  runId,
});

/** The subject is the lock, not the tables: one table. */
const validated = validateReportCatalog({ disable: disableAllBut('failed-logins-by-geo') });
if (!validated.ok) throw new Error(validated.problems.join('; '));
const catalog = validated.catalog;

const lockOf = (text: (key: string) => string) => JSON.parse(text(lockKey(prefix)));

describe('one run per period', () => {
  it('refuses a run while another holds the period: no request, nothing written, nothing sent', async () => {
    const { store, objects } = inMemoryReportStore();
    const held = await claimPeriod({
      store,
      prefix,
      period: TEST_WEEK.label,
      runId: 'cli-1',
      clock: () => now,
    });
    expect(held.held).toBe(true);
    const search = inMemorySearchApi(records);
    const { fake, sent } = mailer();
    const result = await runWeeklyReport(input('lambda-1'), { search: search.api, store, mailer: fake });
    expect(result).toMatchObject({ state: 'refused', holder: { runId: 'cli-1' } });
    expect(result.state === 'refused' && result.reason).toMatch(
      /Another run \(cli-1, started .*\) is reporting 2026-W47/,
    );
    expect(search.requests).toHaveLength(0);
    expect([...objects.keys()]).toEqual([lockKey(prefix)]);
    expect(sent).toHaveLength(0);
  });

  it('takes over a lock whose holder stopped renewing it, and releases it when done', async () => {
    const { store, text } = inMemoryReportStore();
    await claimPeriod({
      store,
      prefix,
      period: TEST_WEEK.label,
      runId: 'crashed',
      clock: () => now - 20 * 60_000,
    });
    const { fake, sent } = mailer();
    const result = await runWeeklyReport(input('run-2'), {
      search: inMemorySearchApi(records).api,
      store,
      mailer: fake,
    });
    expect(result.state).toBe('finished');
    expect(sent).toHaveLength(1);
    expect(lockOf(text)).toMatchObject({ runId: 'run-2', released: true });
    // Released: the next run of the week proceeds (and does not mail again).
    const again = await runWeeklyReport(input('run-3'), {
      search: inMemorySearchApi(records).api,
      store,
      mailer: fake,
    });
    expect(again).toMatchObject({ state: 'finished', email: { status: 'already-sent' } });
  });

  it('keeps the lock across a pause, so only the continuation of the same run can carry on', async () => {
    const { store, text } = inMemoryReportStore();
    const search = inMemorySearchApi(records).api;
    const paused = await runWeeklyReport(
      { ...input('run-a'), shouldContinue: () => false },
      { search, store },
    );
    expect(paused.state).toBe('paused');
    expect(lockOf(text)).toMatchObject({ runId: 'run-a', released: false });

    const other = await runWeeklyReport(input('run-b'), { search, store });
    expect(other).toMatchObject({ state: 'refused', holder: { runId: 'run-a' } });

    const { fake, sent } = mailer();
    const resumed = await runWeeklyReport(
      { ...input('run-a'), resume: true, invocation: 2 },
      { search, store, mailer: fake },
    );
    expect(resumed.state).toBe('finished');
    expect(sent).toHaveLength(1);
    expect(lockOf(text)).toMatchObject({ runId: 'run-a', released: true });
  });

  it('stores and sends nothing once another run has taken the period over', async () => {
    const { store, objects } = inMemoryReportStore();
    const { fake, sent } = mailer();
    const run = runWeeklyReport(input('slow'), {
      search: inMemorySearchApi(records).api,
      store,
      mailer: fake,
      events: {
        // While this run collects, its claim lapses and another run takes the lock over.
        onCollected: () => {
          objects.set(
            lockKey(prefix),
            Buffer.from(
              JSON.stringify({
                version: 1,
                runId: 'other',
                period: TEST_WEEK.label,
                startedAt: now,
                renewedAt: now,
                expiresAt: now + 1e6,
                released: false,
              }),
            ),
          );
        },
      },
    });
    await expect(run).rejects.toThrow(RunLockLostError);
    expect(objects.has(`${prefix}report.html`)).toBe(false);
    expect(sent).toHaveLength(0);
    // The other run's lock is left alone.
    expect(JSON.parse(objects.get(lockKey(prefix))?.toString() ?? '{}').runId).toBe('other');
  });
});

describe('the email claim', () => {
  const message: EmailMessage = {
    from: 'r@example.com',
    to: ['lead@example.com'],
    subject: 's',
    html: '',
    text: '',
  };

  it('lets exactly one of two concurrent deliveries send', async () => {
    const { store } = inMemoryReportStore();
    const { fake, sent } = mailer();
    const deliver = () =>
      deliverOnce({ store, mailer: fake, key: 'k/delivery.json', resend: false, now, message });
    const outcomes = await Promise.all([deliver(), deliver()]);
    expect(sent).toHaveLength(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['not-sent', 'sent']);
  });

  it('does not send again over a claim that never completed, but does after a refused send', async () => {
    const { store, objects } = inMemoryReportStore();
    const { fake, sent } = mailer();
    objects.set(
      'k/delivery.json',
      Buffer.from(JSON.stringify({ status: 'sending', claimedAt: '2026-11-23T06:00:00.000Z' })),
    );
    const outcome = await deliverOnce({
      store,
      mailer: fake,
      key: 'k/delivery.json',
      resend: false,
      now,
      message,
    });
    expect(outcome).toEqual({
      status: 'unconfirmed',
      reason:
        "a run claimed this email at 2026-11-23T06:00:00.000Z and ended before it confirmed the send (it crashed or timed out): it may have gone out; check the recipients' mail or SES, then use --resend to send it",
    });
    objects.set(
      'k/delivery.json',
      Buffer.from(JSON.stringify({ status: 'failed', failedAt: 'x', error: 'SES down' })),
    );
    expect(
      (await deliverOnce({ store, mailer: fake, key: 'k/delivery.json', resend: false, now, message }))
        .status,
    ).toBe('sent');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(objects.get('k/delivery.json')?.toString() ?? '{}')).toMatchObject({
      status: 'sent',
      messageId: 'm-1',
    });
  });

  it('reads a delivery record written before claims existed as sent', async () => {
    const { store, objects } = inMemoryReportStore();
    const { fake, sent } = mailer();
    objects.set(
      'k/delivery.json',
      Buffer.from(JSON.stringify({ sentAt: '2026-11-16T06:00:00.000Z', messageId: 'old' })),
    );
    const outcome = await deliverOnce({
      store,
      mailer: fake,
      key: 'k/delivery.json',
      resend: false,
      now,
      message,
    });
    expect(outcome).toEqual({ status: 'already-sent', sentAt: '2026-11-16T06:00:00.000Z' });
    expect(sent).toHaveLength(0);
  });
});

describe('the period lock', () => {
  it('lets exactly one of several runs take over an expired lock', async () => {
    const { store, text } = inMemoryReportStore();
    await claimPeriod({
      store,
      prefix,
      period: TEST_WEEK.label,
      runId: 'crashed',
      clock: () => now - 3_600_000,
    });
    const claims = await Promise.all(
      ['r1', 'r2', 'r3', 'r4', 'r5'].map((runId) =>
        claimPeriod({ store, prefix, period: TEST_WEEK.label, runId, clock: () => now }),
      ),
    );
    const winners = claims.flatMap((c) => (c.held ? [c.lock.runId] : []));
    expect(winners).toHaveLength(1);
    expect(lockOf(text).runId).toBe(winners[0]);
    for (const claim of claims) if (!claim.held) expect(claim.holder.runId).toBe(winners[0]);
  });

  it('stays held while its heartbeat renews it, and lapses once the heartbeat stops', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { store } = inMemoryReportStore();
      let t = now;
      const clock = () => t;
      const claim = await claimPeriod({
        store,
        prefix,
        period: TEST_WEEK.label,
        runId: 'long',
        clock,
        ttlMs: 900_000,
      });
      if (!claim.held) throw new Error('expected the lock');
      const heartbeat = startHeartbeat(claim.lock, 300_000);
      const other = () => claimPeriod({ store, prefix, period: TEST_WEEK.label, runId: 'other', clock });
      for (let minute = 0; minute < 60; minute += 5) {
        t += 300_000;
        await vi.advanceTimersByTimeAsync(300_000);
      }
      // An hour in, four times the time-to-live: still held, because it was renewed.
      expect(await other()).toMatchObject({ held: false, holder: { runId: 'long' } });
      await heartbeat.check();
      heartbeat.stop();
      t += 900_001;
      const taken = await other();
      expect(taken.held).toBe(true);
      await expect(heartbeat.check()).rejects.toThrow(RunLockLostError);
    } finally {
      vi.useRealTimers();
    }
  });
});
