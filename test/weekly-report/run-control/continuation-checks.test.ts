import { describe, expect, it } from 'vitest';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { isoWeekStarting, WEEK_MS } from '../../../functions/core/period/period.js';
import { PeriodError } from '../../../functions/shared/errors.js';
import {
  continuationPayload,
  parseReportEvent,
} from '../../../functions/weekly-report/entry/report-event.js';
import { lockKey } from '../../../functions/weekly-report/run-control/period-lock.js';
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

/** The subject is the continuation, not the tables: one table of each of two collections. */
const validated = validateReportCatalog({ disable: disableAllBut('failed-logins-by-geo', 'impersonations') });
if (!validated.ok) throw new Error(validated.problems.join('; '));
const catalog = validated.catalog;

const input = (overrides: Partial<Parameters<typeof runWeeklyReport>[0]> = {}) => ({
  projectId: 'P2test',
  period: TEST_WEEK,
  now,
  catalog,
  maxResultWindow: 10_000,
  resend: false,
  sender: 'reports@example.com',
  recipients: ['lead@example.com'],
  runId: 'run-a',
  ...overrides,
});

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

/** A run of TEST_WEEK paused after its first invocation, as the Lambda leaves it. */
async function pausedRun() {
  const memory = inMemoryReportStore();
  const search = inMemorySearchApi(records);
  const paused = await runWeeklyReport(input({ shouldContinue: () => false }), {
    search: search.api,
    store: memory.store,
  });
  expect(paused).toMatchObject({ state: 'paused', invocations: 1 });
  return { ...memory, search };
}

describe('a continuation event', () => {
  it('is refused when its invocation count disagrees with the checkpoint; the run keeps its lock', async () => {
    const { store, objects, search } = await pausedRun();
    const before = new Map(objects);
    const { fake, sent } = mailer();
    const result = await runWeeklyReport(input({ resume: true, invocation: 7 }), {
      search: search.api,
      store,
      mailer: fake,
    });
    expect(result).toEqual({
      state: 'refused',
      reason: 'The continuation claims invocation 7, but run run-a has had 1',
    });
    expect(search.requests).toHaveLength(0);
    expect(sent).toHaveLength(0);
    expect(objects.has(`${prefix}report.html`)).toBe(false);
    // Nothing changed: the checkpoint and the paused run's lock are as they were.
    for (const [key, body] of before) expect(objects.get(key)?.equals(body)).toBe(true);
    // The true continuation still carries on.
    const next = await runWeeklyReport(input({ resume: true, invocation: 2 }), {
      search: search.api,
      store,
      mailer: fake,
    });
    expect(next.state).toBe('finished');
    expect(sent).toHaveLength(1);
  });

  it('is refused when it names a run that is not in progress (finished, or never started)', async () => {
    const { store, objects, search } = await pausedRun();
    await runWeeklyReport(input({ resume: true, invocation: 2 }), { search: search.api, store });
    const requests = search.requests.length;
    const html = objects.get(`${prefix}report.html`);
    const replay = await runWeeklyReport(input({ resume: true, invocation: 3 }), {
      search: search.api,
      store,
    });
    expect(replay).toMatchObject({
      state: 'refused',
      reason: expect.stringMatching(/Run run-a is not in progress/),
    });
    const stranger = await runWeeklyReport(input({ runId: 'forged', resume: true, invocation: 2 }), {
      search: search.api,
      store,
    });
    expect(stranger.state).toBe('refused');
    expect(search.requests).toHaveLength(requests);
    expect(objects.get(`${prefix}report.html`)?.equals(html ?? Buffer.alloc(0))).toBe(true);
    expect(JSON.parse(objects.get(lockKey(prefix))?.toString() ?? '{}')).toMatchObject({ released: true });
  });

  it('cannot skip the retention check: an old week without a run in progress is refused before any request', async () => {
    const { store, objects } = inMemoryReportStore();
    const search = inMemorySearchApi(records);
    const old = isoWeekStarting(TEST_WEEK.from - 8 * WEEK_MS);
    const result = await runWeeklyReport(
      input({ period: old, runId: 'forged', resume: true, invocation: 2 }),
      {
        search: search.api,
        store,
      },
    );
    expect(result.state).toBe('refused');
    expect(search.requests).toHaveLength(0);
    expect([...objects.keys()].filter((k) => !k.endsWith('run-lock.json'))).toEqual([]);
    // …and the same week started afresh is refused by retention, as before.
    await expect(
      runWeeklyReport(input({ period: old, runId: 'fresh' }), { search: search.api, store }),
    ).rejects.toThrow(PeriodError);
  });

  it('counts invocations from the checkpoint: the limit applies whatever the event claims', async () => {
    const { store, search } = await pausedRun();
    // The event says 2 (as it should); with a limit of 2 the run stops reading and reports a gap.
    const result = await runWeeklyReport(input({ resume: true, invocation: 2, maxInvocations: 2 }), {
      search: search.api,
      store,
    });
    if (result.state !== 'finished') throw new Error(`expected a finished run, got ${result.state}`);
    expect(result.complete).toBe(false);
    expect(result.data.results.some((r) => r.gaps.some((g) => /after 2 invocations/.test(g.reason)))).toBe(
      true,
    );
  });
});

describe('parseReportEvent', () => {
  const week = TEST_WEEK;
  const event = (period: object) => ({ continuation: { runId: 'r', period, resend: false, invocation: 2 } });

  it('accepts the payload a paused run hands over', () => {
    expect(parseReportEvent(continuationPayload(week, false, 'r', 2))).toMatchObject({
      period: week,
      continuation: { runId: 'r', invocation: 2 },
    });
  });

  it.each([
    ['a huge to', { ...week, to: 8e15 }, /spans at most 31 days/],
    ['a to past what Date can hold', { ...week, to: 9e15 }, /epoch milliseconds/],
    ['an empty range', { ...week, to: week.from }, /from must be before to/],
    ['a label of another week', { ...week, label: '2026-W01' }, /label "2026-W01" does not match/],
    ['a week not starting on Monday', { ...week, from: week.from + 1, to: week.to + 1 }, /does not match/],
    ['a custom label that is not its range', { ...week, kind: 'custom' }, /does not match/],
  ])('refuses %s before anything is sized from it', (_name, period, message) => {
    expect(() => parseReportEvent(event(period))).toThrow(message);
  });
});
