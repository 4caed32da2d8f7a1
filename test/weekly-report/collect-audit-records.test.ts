import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../functions/core/audit-record.js';
import { DescopeAuditError } from '../../functions/shared/errors.js';
import {
  type CollectionOutcome,
  collectAuditRecords,
  emptyOutcome,
} from '../../functions/weekly-report/collect-audit-records.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { inMemorySearchApi } from '../support/in-memory-search-api.js';

const from = Date.UTC(2026, 10, 16);
const to = Date.UTC(2026, 10, 23);

async function collect(
  api: ReturnType<typeof inMemorySearchApi>['api'],
  maxResultWindow = 10_000,
  pageSize = 1000,
) {
  const outcome: CollectionOutcome = emptyOutcome();
  const kept: AuditRecord[] = [];
  for await (const r of collectAuditRecords(
    api,
    { actions: ['LoginFailed'] },
    { from, to },
    { maxResultWindow, pageSize },
    outcome,
  )) {
    kept.push(r);
  }
  return { outcome, kept };
}

const spread = (count: number, start = from, span = to - from) =>
  Array.from({ length: count }, (_, i) => auditRecord({ occurred: start + Math.floor((i * span) / count) }));

describe('collecting one filter over a period', () => {
  it('pages until total and keeps exactly [from, to)', async () => {
    const records = [
      ...spread(2500),
      auditRecord({ occurred: from - 1 }),
      auditRecord({ occurred: to }), // belongs to the next week
      auditRecord({ occurred: to - 1 }),
      auditRecord({ occurred: from }),
      auditRecord({ action: 'LoginSucceed', occurred: from + 10 }),
    ];
    const fake = inMemorySearchApi(records);
    const { outcome, kept } = await collect(fake.api);
    expect(kept).toHaveLength(2502);
    expect(kept.every((r) => r.occurred >= from && r.occurred < to && r.action === 'LoginFailed')).toBe(true);
    expect(outcome.gaps).toEqual([]);
    expect(fake.requests.map((r) => [r.page, r.size])).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 1000],
    ]);
  });

  it('splits a window deeper than the result window and counts nothing twice', async () => {
    // A burst: most records in one hour, the rest spread out; records sit exactly on split edges too.
    const burstStart = from + 2 * 86_400_000;
    const records = [...spread(30_000, burstStart, 3_600_000), ...spread(5_000)];
    const fake = inMemorySearchApi(records, 2_000);
    const { outcome, kept } = await collect(fake.api, 2_000, 500);
    expect(kept).toHaveLength(35_000);
    expect(new Set(kept.map((r) => r.id)).size).toBe(35_000);
    expect(outcome.gaps).toEqual([]);
    expect(outcome.duplicates).toBe(0);
    // Every request stayed within the result window.
    expect(fake.requests.every((r) => (r.page + 1) * r.size <= 2_000)).toBe(true);
    // The floor is ceil(35000 / 500) = 70 pages; continuing from the last record read costs
    // only the partial pages at each continuation.
    expect(fake.requests.length).toBeLessThanOrEqual(74);
    expect(outcome.expected).toBe(35_000);
  });

  it('splits in time when the API ignores the oldest-first order, still exact', async () => {
    const burstStart = from + 86_400_000;
    const records = [...spread(12_000, burstStart, 600_000), ...spread(3_000), auditRecord({ occurred: to })];
    const fake = inMemorySearchApi(records, 2_000, { newestFirst: true });
    const { outcome, kept } = await collect(fake.api, 2_000, 500);
    expect(kept).toHaveLength(15_000);
    expect(new Set(kept.map((r) => r.id)).size).toBe(15_000);
    expect(outcome.gaps).toEqual([]);
    expect(fake.requests.every((r) => (r.page + 1) * r.size <= 2_000)).toBe(true);
  });

  it('reports a gap (and carries on) when a window cannot be read', async () => {
    const fake = inMemorySearchApi(spread(10));
    fake.failNext(new DescopeAuditError('Descope audit search timed out', { retryable: true }));
    const { outcome, kept } = await collect(fake.api);
    expect(kept).toHaveLength(0);
    expect(outcome.gaps).toEqual([{ from, to, reason: 'Descope audit search timed out', fetched: 0 }]);
  });

  it('reports a gap when the API returns fewer records than it counted', async () => {
    const fake = inMemorySearchApi(spread(1500));
    const original = fake.api.search;
    fake.api.search = async (request) => {
      const page = await original(request);
      return request.page === 1 ? { ...page, records: page.records.slice(0, 400) } : page;
    };
    const { outcome } = await collect(fake.api);
    expect(outcome.gaps).toHaveLength(1);
    expect(outcome.gaps[0]).toMatchObject({ expected: 1500, fetched: 1400 });
    expect(outcome.gaps[0]?.reason).toMatch(/counted 1500 records but returned 1400/);
  });

  it('cannot split one millisecond: reads what it may and says how much is missing', async () => {
    const records = Array.from({ length: 1200 }, () => auditRecord({ occurred: from + 5 }));
    const fake = inMemorySearchApi(records, 1_000);
    const { outcome, kept } = await collect(fake.api, 1_000, 500);
    expect(kept).toHaveLength(1000);
    expect(outcome.gaps).toHaveLength(1);
    expect(outcome.gaps[0]).toMatchObject({ from: from + 5, to: from + 6, fetched: 1000 });
    expect(outcome.gaps[0]?.reason).toMatch(/more than 1000 records share one millisecond/);
  });
});
