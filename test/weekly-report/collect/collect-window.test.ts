import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { DescopeAuditError, TimeBudgetError } from '../../../functions/shared/errors.js';
import {
  type CollectWindowOptions,
  collectWindow,
} from '../../../functions/weekly-report/collect/collect-window.js';
import type {
  CollectCursor,
  CollectionOutcome,
} from '../../../functions/weekly-report/collect/collection-progress.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { type FakeSearchBehaviour, inMemorySearchApi } from '../../support/in-memory-search-api.js';

const from = Date.UTC(2026, 10, 16);
const to = Date.UTC(2026, 10, 23);

type Fake = ReturnType<typeof inMemorySearchApi>;

/** Drains the generator; `pauseAfter` stops at that many segment ends (a pause is just stopping). */
async function collect(fake: Fake, options: Partial<CollectWindowOptions> = {}, pauseAfter = Infinity) {
  const kept: AuditRecord[] = [];
  const ends: Array<{ resume: CollectCursor; outcome: CollectionOutcome }> = [];
  const items = collectWindow(
    fake.api,
    { actions: ['LoginFailed'] },
    { from, to },
    {
      maxResultWindow: 10_000,
      ...options,
    },
  );
  for (;;) {
    const item = await items.next();
    if (item.done) return { kept, ends, outcome: item.value as CollectionOutcome | undefined };
    if (item.value.type === 'record') kept.push(item.value.record);
    else {
      ends.push(item.value);
      if (ends.length >= pauseAfter) {
        await items.return(item.value.outcome);
        return { kept, ends, outcome: undefined };
      }
    }
  }
}

const spread = (count: number, start = from, span = to - from) =>
  Array.from({ length: count }, (_, i) => auditRecord({ occurred: start + Math.floor((i * span) / count) }));

const fakeOf = (records: AuditRecord[], window = 10_000, behaviour: FakeSearchBehaviour = {}) =>
  inMemorySearchApi(records, window, behaviour);

describe('collecting one filter over a period', () => {
  it('reads a window whose only records share one millisecond, with one request to prove its end', async () => {
    for (const count of [1, 3]) {
      const at = from + 5_000;
      const records = Array.from({ length: count }, (_, i) =>
        auditRecord({ id: '', occurred: at, loginIds: [`burst-${i}@example.com`] }),
      );
      const fake = fakeOf(records);
      const { outcome, kept } = await collect(fake);
      expect(kept).toHaveLength(count);
      expect(outcome?.gaps).toEqual([]);
      expect(fake.requests.length).toBeLessThanOrEqual(2);
    }
  });

  it('pages until a short page and keeps exactly [from, to)', async () => {
    const records = [
      ...spread(2500),
      auditRecord({ occurred: from - 1 }),
      auditRecord({ occurred: to }), // belongs to the next week
      auditRecord({ occurred: to - 1 }),
      auditRecord({ occurred: from }),
      auditRecord({ action: 'LoginSucceed', occurred: from + 10 }),
    ];
    const fake = fakeOf(records);
    const { outcome, kept } = await collect(fake);
    expect(kept).toHaveLength(2502);
    expect(kept.every((r) => r.occurred >= from && r.occurred < to && r.action === 'LoginFailed')).toBe(true);
    expect(outcome).toMatchObject({ gaps: [], expected: 2502, kept: 2502, uncounted: 0, pageSize: 1000 });
    expect(fake.requests.map((r) => [r.from, r.page, r.size])).toEqual([
      [from - 1, 0, 1000],
      [from - 1, 1, 1000],
      [from - 1, 2, 1000],
    ]);
  });

  it('spends one request to prove a window that ends on a full page is read', async () => {
    const fake = fakeOf(spread(2000));
    const { outcome, kept } = await collect(fake);
    expect(kept).toHaveLength(2000);
    expect(outcome?.gaps).toEqual([]);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[2]).toMatchObject({ page: 2 });
  });

  it('moves on by time past the result window and counts nothing twice', async () => {
    // A burst: most records in one hour, the rest spread out; records sit exactly on split edges too.
    const burstStart = from + 2 * 86_400_000;
    const records = [...spread(30_000, burstStart, 3_600_000), ...spread(5_000)];
    const fake = fakeOf(records, 2_000);
    const { outcome, kept, ends } = await collect(fake, { maxResultWindow: 2_000, pageSize: 500 });
    expect(kept).toHaveLength(35_000);
    expect(new Set(kept.map((r) => r.id)).size).toBe(35_000);
    expect(outcome).toMatchObject({ gaps: [], duplicates: 0, expected: 35_000 });
    expect(fake.requests.every((r) => (r.page + 1) * r.size <= 2_000)).toBe(true);
    // The floor is ceil(35000 / 500) = 70 pages; each move costs the records of one millisecond.
    expect(fake.requests.length).toBeLessThanOrEqual(74);
    // Segment ends follow the records: three parts of 10,000 (and the rest), whatever the paging.
    expect(ends.map((e) => e.outcome.kept)).toEqual([10_000, 20_000, 30_000]);
  });

  it('ends a segment at the first new millisecond after the part size, never inside one', async () => {
    // Ten records a millisecond: a part of 25 takes three whole milliseconds (30 records).
    const records = Array.from({ length: 100 }, (_, i) =>
      auditRecord({ occurred: from + Math.floor(i / 10) }),
    );
    const { kept, ends } = await collect(fakeOf(records), { partRecords: 25 });
    expect(kept).toHaveLength(100);
    expect(ends.map((e) => [e.outcome.kept, e.resume.cursor, e.resume.atCursor.length])).toEqual([
      [30, from + 3, 0],
      [60, from + 6, 0],
      [90, from + 9, 0],
    ]);
  });

  it('does not trust a total that stops counting: reads on and says the API under-counted', async () => {
    const fake = fakeOf(spread(27_000), 10_000, { totalCap: 5_000 });
    const { outcome, kept } = await collect(fake);
    expect(kept).toHaveLength(27_000);
    expect(outcome).toMatchObject({ gaps: [], kept: 27_000, expected: 5_000, uncounted: 22_000 });
  });

  it('reads a server that caps pages below the size asked by time, never by page index', async () => {
    const fake = fakeOf(spread(3_000), 10_000, { pageSizeCap: 250 });
    const { outcome, kept } = await collect(fake);
    expect(kept).toHaveLength(3_000);
    expect(outcome).toMatchObject({ gaps: [], kept: 3_000, pageSize: 250, duplicates: 0 });
    expect(fake.requests.every((r) => r.page === 0)).toBe(true);
    // Each page re-reads the millisecond it continues from: 250 new records, then 249 a page; the
    // last page is short (12 records), which proves the end.
    expect(fake.requests.length).toBe(1 + Math.ceil((3_000 - 250) / 249));
  });

  it('trusts a short page as the end once the page size is known from earlier answers', async () => {
    const fake = fakeOf(spread(37));
    const alone = await collect(fake);
    expect(alone.kept).toHaveLength(37);
    expect(fake.requests).toHaveLength(2); // 37 of 1000 proves nothing yet: one more request does
    const known = fakeOf(spread(37));
    await collect(known, { knownPageSize: 1000 });
    expect(known.requests).toHaveLength(1);
  });

  it('keeps every record without an ID, however alike, and merges only true re-reads', async () => {
    const at = from + 5_000;
    const burst = Array.from({ length: 5 }, (_, i) => {
      const { id: _id, ...record } = auditRecord({
        occurred: at,
        userId: '',
        remoteAddress: '198.51.100.7',
        loginIds: [`victim${i}@example.com`],
      });
      return record;
    });
    // A page boundary right inside the burst: the continuation re-reads it and must not count it twice.
    const filler = spread(247, from, 4_000).map(({ id: _id, ...r }) => r);
    const fake = fakeOf([...filler, ...burst, ...spread(100, at + 1, 1_000)], 10_000, { pageSizeCap: 250 });
    const { outcome, kept } = await collect(fake);
    expect(kept.filter((r) => r.occurred === at)).toHaveLength(5);
    expect(outcome).toMatchObject({ gaps: [], kept: 352, duplicates: 0 });
  });

  it('reads newest first when the API ignores the order, pausing at segment ends like the main path', async () => {
    const burstStart = from + 86_400_000;
    const records = [...spread(12_000, burstStart, 600_000), ...spread(3_000), auditRecord({ occurred: to })];
    const straight = await collect(fakeOf(records, 2_000, { newestFirst: true }), {
      maxResultWindow: 2_000,
      pageSize: 500,
      partRecords: 2_000,
    });
    expect(straight.kept).toHaveLength(15_000);
    expect(new Set(straight.kept.map((r) => r.id)).size).toBe(15_000);
    expect(straight.outcome?.gaps).toEqual([]);
    expect(straight.ends.every((e) => e.resume.newestFirst)).toBe(true);

    // Paused at every segment end and resumed from the cursor: the same records, the same order.
    const resumed: AuditRecord[] = [];
    let resume: { cursor: CollectCursor; outcome: CollectionOutcome } | undefined;
    let outcome: CollectionOutcome | undefined;
    for (let i = 0; i < 100 && !outcome; i += 1) {
      const fake = fakeOf(records, 2_000, { newestFirst: true });
      const part = await collect(
        fake,
        { maxResultWindow: 2_000, pageSize: 500, partRecords: 2_000, ...(resume ? { resume } : {}) },
        1,
      );
      resumed.push(...part.kept);
      outcome = part.outcome;
      const end = part.ends[0];
      if (end) resume = { cursor: end.resume, outcome: end.outcome };
    }
    expect(resumed.map((r) => r.id)).toEqual(straight.kept.map((r) => r.id));
    // A continuation re-asks the page it stopped in: only the received counts differ.
    const { fetched: _a, duplicates: _b, ...resumedCounts } = outcome as CollectionOutcome;
    const { fetched: _c, duplicates: _d, ...straightCounts } = straight.outcome as CollectionOutcome;
    expect(resumedCounts).toEqual(straightCounts);
  });

  it('reports a gap (and carries on) when a window cannot be read', async () => {
    const fake = fakeOf(spread(10));
    fake.failNext(new DescopeAuditError('Descope audit search timed out', { retryable: true }));
    const { outcome, kept } = await collect(fake);
    expect(kept).toHaveLength(0);
    expect(outcome?.gaps).toEqual([{ from, to, reason: 'Descope audit search timed out', fetched: 0 }]);
  });

  it('lets a time-budget error through: the caller pauses instead of recording a gap', async () => {
    const fake = fakeOf(spread(10));
    fake.failNext(new TimeBudgetError('the wait would outlast the invocation'));
    await expect(collect(fake)).rejects.toBeInstanceOf(TimeBudgetError);
  });

  it('reports a gap when fewer records are read than the API counted', async () => {
    const fake = fakeOf(spread(1500));
    const original = fake.api.search;
    fake.api.search = async (request) => {
      const page = await original(request);
      return request.page === 1 ? { ...page, records: page.records.slice(0, 400) } : page;
    };
    const { outcome } = await collect(fake);
    expect(outcome?.gaps).toEqual([
      {
        from,
        to,
        reason: 'the API counted 1500 records in the period but 1400 were read',
        expected: 1500,
        fetched: 1400,
      },
    ]);
  });

  it('cannot split one millisecond: reads what it may and says how much is missing', async () => {
    const records = Array.from({ length: 1200 }, () => auditRecord({ occurred: from + 5 }));
    const fake = fakeOf(records, 1_000);
    const { outcome, kept } = await collect(fake, { maxResultWindow: 1_000, pageSize: 500 });
    expect(kept).toHaveLength(1000);
    expect(outcome?.gaps).toHaveLength(1);
    expect(outcome?.gaps[0]).toMatchObject({ from: from + 5, to: from + 6, fetched: 1000 });
    expect(outcome?.gaps[0]?.reason).toMatch(/more than 1000 records share one millisecond/);
  });
});
