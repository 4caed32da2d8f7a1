import { afterEach, describe, expect, it } from 'vitest';
import { createDescopeSdkSearchApi } from '../../../functions/adapters/descope-sdk-search-api.js';
import { createReliableAuditSearch } from '../../../functions/adapters/reliable-audit-search.js';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { UNKNOWN } from '../../../functions/core/sql/compile-query.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
  type DescopeApiStandInOptions,
} from '../../../functions/local/descope-api/descope-api-stand-in.js';
import type { SearchQuirks } from '../../../functions/local/descope-api/search-quirks.js';
import { generateSyntheticFailedLogins } from '../../../functions/local/descope-api/synthetic-failed-logins.js';
import { collectWindow } from '../../../functions/weekly-report/collect/collect-window.js';
import type {
  CollectItem,
  CollectionOutcome,
} from '../../../functions/weekly-report/collect/collection-progress.js';
import { computeTable } from '../../support/compute-table.js';

const projectId = 'P2collect000000000000000000000';
const managementKey = 'K2-collect';
const week = parseIsoWeek('2026-W47');
const now = () => Date.parse('2026-11-25T10:00:00Z');
const failedByGeo = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-geo');
if (!failedByGeo) throw new Error('built-in query missing');

/** A burst week, with records on and just outside both edges. */
function weekOfFailedLogins(count: number): AuditRecord[] {
  const records = generateSyntheticFailedLogins({ count, window: week, seed: 7, projectId, burstShare: 0.6 });
  const edge = (occurred: number, id: string): AuditRecord => ({
    ...(records[0] as AuditRecord),
    id,
    occurred,
  });
  return [
    ...records,
    edge(week.from, 'edge-from'),
    edge(week.to, 'edge-to'),
    edge(week.from - 1, 'edge-before'),
  ];
}

/** The numbers worked out directly from the records, the way an auditor would recompute them. */
function expectedGeoCounts(records: AuditRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.occurred < week.from || r.occurred >= week.to) continue;
    const geo = r.geo || UNKNOWN;
    counts.set(geo, (counts.get(geo) ?? 0) + 1);
  }
  return counts;
}

/** Feeds every record the generator yields to `onRecord`; resolves to the outcome it returns. */
async function drain(
  items: AsyncGenerator<CollectItem, CollectionOutcome>,
  onRecord: (record: AuditRecord) => void,
): Promise<CollectionOutcome> {
  for (;;) {
    const item = await items.next();
    if (item.done) return item.value;
    if (item.value.type === 'record') onRecord(item.value.record);
  }
}

let standIn: DescopeApiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/**
 * Collects the week through the stand-in. `maxResultWindow` (the stand-in's and the collector's) is
 * lowered where windows are the subject, so that a few thousand records make several of them.
 */
async function collectWeek(
  options: Omit<DescopeApiStandInOptions, 'projectId' | 'managementKey' | 'now'>,
  rpm: number,
  timeoutMs = 2000,
  maxResultWindow = 10_000,
) {
  standIn = await createDescopeApiStandIn({ projectId, managementKey, now, maxResultWindow, ...options });
  const api = createDescopeSdkSearchApi({ projectId, managementKey, baseUrl: standIn.url, timeoutMs });
  const search = createReliableAuditSearch(api, {
    requestsPerMinute: rpm,
    maxAttempts: 8,
    minBackoffMs: 5,
    maxBackoffMs: 50,
  });
  const collected: AuditRecord[] = [];
  const outcome = await drain(
    collectWindow(search, { actions: ['LoginFailed'] }, week, { maxResultWindow }),
    (record) => collected.push(record),
  );
  await search.stop();
  const { table } = await computeTable(failedByGeo as NonNullable<typeof failedByGeo>, collected, week);
  const counts = new Map(table.rows.map((row) => [String(row[0]), Number(row[1])]));
  const searches = standIn.requests.filter((r) => r.path === '/v1/mgmt/audit/search');
  return { outcome, counts, searches, stats: search.stats };
}

describe('collection against the Descope API stand-in', () => {
  it('is exact for a burst week deeper than the result window, within 1.5x the request floor', async () => {
    // Three windows deep, as 30,000 records are in Descope's 10,000.
    const records = weekOfFailedLogins(9_000);
    const { outcome, counts, searches } = await collectWeek(
      { records, rateLimit: { requests: 100_000, windowMs: 60_000 } },
      100_000,
      2000,
      3_000,
    );
    expect(outcome.gaps).toEqual([]);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(outcome.kept).toBe(9_001); // edge-from is inside, edge-to and edge-before are not
    expect(searches.every((r) => r.status === 200)).toBe(true); // no deep page was ever refused
    const floor = Math.ceil(9_001 / 1000);
    expect(searches.length).toBeLessThanOrEqual(Math.ceil(floor * 1.5));
    expect(searches.every((r) => (r.body as { size?: number }).size === 1000)).toBe(true);
  });

  it('stays exact when a large share of requests fail in every way', async () => {
    // Six pages, each failing three times: every kind of fault is met by the third page.
    const records = weekOfFailedLogins(6_000);
    const kinds = ['http500', 'http503', 'html502', 'truncatedJson', 'hang', 'reset'] as const;
    standIn = await createDescopeApiStandIn({
      projectId,
      managementKey,
      now,
      records,
      rateLimit: { requests: 100_000, windowMs: 60_000 },
    });
    // The timeout ends the `hang` faults; long enough that a slow answer on a busy machine is not one.
    const api = createDescopeSdkSearchApi({
      projectId,
      managementKey,
      baseUrl: standIn.url,
      timeoutMs: 1500,
    });
    const search = createReliableAuditSearch(api, {
      requestsPerMinute: 100_000,
      maxAttempts: 4,
      minBackoffMs: 5,
      maxBackoffMs: 20,
    });
    const collected: AuditRecord[] = [];
    // Before every page, the next three requests fail: each page is answered only on its fourth attempt.
    standIn.injectFaults([kinds[0], kinds[1], kinds[2]]);
    let seen = 0;
    // Every kind in turn; a `hang` only once (the first thousand records): each one waits out the
    // whole request timeout, and the cycle would otherwise meet it four times.
    let hung = false;
    const kindAt = (i: number) => {
      const kind = kinds[i % 6];
      if (kind !== 'hang') return kind;
      if (hung) return 'http503';
      hung = true;
      return kind;
    };
    const outcome = await drain(
      collectWindow(search, { actions: ['LoginFailed'] }, week, { maxResultWindow: 10_000 }),
      (record) => {
        collected.push(record);
        seen += 1;
        if (seen % 1000 === 0)
          standIn?.injectFaults([
            kindAt(seen / 1000) ?? 'http500',
            kindAt(seen / 1000 + 3) ?? 'reset',
            'truncatedJson',
          ]);
      },
    );
    await search.stop();
    const { table } = await computeTable(failedByGeo as NonNullable<typeof failedByGeo>, collected, week);
    const counts = new Map(table.rows.map((row) => [String(row[0]), Number(row[1])]));
    const searches = standIn.requests.filter((r) => r.path === '/v1/mgmt/audit/search');
    expect(outcome.gaps).toEqual([]);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(new Set(searches.map((r) => r.fault).filter(Boolean))).toEqual(new Set(kinds));
    // Three of every four requests failed, and every failure was retried.
    expect(searches.filter((r) => r.fault).length).toBeGreaterThanOrEqual(searches.length / 2);
    expect(search.stats.retries).toBe(searches.filter((r) => r.fault).length);
  });

  it('waits out 429s when the server allows far fewer requests than configured', async () => {
    const records = weekOfFailedLogins(3_000);
    const { outcome, counts, stats, searches } = await collectWeek(
      { records, rateLimit: { requests: 2, windowMs: 1_000 } },
      100_000,
    );
    expect(outcome.gaps).toEqual([]);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(stats.rateLimitWaits).toBeGreaterThan(0);
    expect(searches.filter((r) => r.status === 429).length).toBe(stats.rateLimitWaits);
  });

  it('marks the range incomplete, with numbers, when retries run out', async () => {
    const records = weekOfFailedLogins(2_500);
    standIn = await createDescopeApiStandIn({
      projectId,
      managementKey,
      now,
      records,
      rateLimit: { requests: 1000, windowMs: 60_000 },
    });
    // Page 0 answers; every later request fails.
    standIn.injectFaults([]);
    const api = createDescopeSdkSearchApi({
      projectId,
      managementKey,
      baseUrl: standIn.url,
      timeoutMs: 2000,
    });
    const search = createReliableAuditSearch(api, {
      requestsPerMinute: 100_000,
      maxAttempts: 3,
      minBackoffMs: 1,
      maxBackoffMs: 5,
    });
    let kept = 0;
    const outcome = await drain(
      collectWindow(search, { actions: ['LoginFailed'] }, week, { maxResultWindow: 10_000 }),
      () => {
        kept += 1;
        if (kept === 1) standIn?.injectFaults(['http500', 'html502', 'reset']);
      },
    );
    await search.stop();
    // Page 0 (999 records in the week and the one just before it) was kept; pages 1 and 2 were not.
    expect(kept).toBe(999);
    expect(outcome.gaps).toHaveLength(1);
    expect(outcome.gaps[0]).toMatchObject({ from: week.from, to: week.to, expected: 2_503, fetched: 1000 });
    expect(outcome.gaps[0]?.reason).toMatch(/could not be reached/);
  });

  it('is exact when total stops counting at 5,000 in a 9k-record week three windows deep, and says the API under-counted', async () => {
    const records = weekOfFailedLogins(9_000);
    const { outcome, counts } = await collectWeek(
      { records, rateLimit: { requests: 100_000, windowMs: 60_000 }, quirks: { totalCap: 5_000 } },
      100_000,
      2000,
      3_000,
    );
    expect(outcome.gaps).toEqual([]);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(outcome.kept).toBe(9_001);
    // The first answer counted 5,000 in [from - 1 ms, to], edge records included.
    expect(outcome.expected).toBe(5_000 - 2);
    expect(outcome.uncounted).toBe(9_001 - 4_998);
  });

  it('is exact when pages hold 250 records whatever the size asked, with faults on the way', async () => {
    const records = weekOfFailedLogins(6_000);
    const quirks: SearchQuirks = { pageSizeCap: 250 };
    const { outcome, counts, searches } = await collectWeek(
      {
        records,
        rateLimit: { requests: 100_000, windowMs: 60_000 },
        quirks,
        faults: { probability: 0.3, kinds: ['http500', 'html502', 'truncatedJson', 'reset'], seed: 11 },
      },
      100_000,
    );
    expect(outcome.gaps).toEqual([]);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(outcome).toMatchObject({ kept: 6_001, duplicates: 0, pageSize: 250 });
    expect(searches.some((r) => r.fault)).toBe(true);
    // Never by page index after a short page: every request starts a page 0 from a record's time.
    expect(searches.every((r) => ((r.body as { page?: number }).page ?? 0) === 0)).toBe(true);
  });

  it('counts every record of an ID-less burst: five failed logins in one millisecond from one address', async () => {
    const base = generateSyntheticFailedLogins({ count: 2_000, window: week, seed: 5, projectId });
    const at = week.from + 3 * 86_400_000 + 123;
    const burst = Array.from(
      { length: 5 },
      (_, i): AuditRecord => ({
        ...(base[0] as AuditRecord),
        id: `burst-${i}`, // the stand-in sorts by it; the wire leaves it out
        occurred: at,
        userId: '',
        remoteAddress: '198.51.100.77',
        loginIds: [`target${i}@example.com`],
        geo: 'BR',
      }),
    );
    const records = [...base, ...burst];
    const { outcome, counts } = await collectWeek(
      {
        records,
        rateLimit: { requests: 100_000, windowMs: 60_000 },
        quirks: { omitIds: true, pageSizeCap: 250 },
      },
      100_000,
    );
    expect(outcome.gaps).toEqual([]);
    expect(outcome.kept).toBe(2_005);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(counts.get('BR')).toBe((expectedGeoCounts(base).get('BR') ?? 0) + 5);
  });

  it('takes an answer without audits or total as an empty page', async () => {
    const { outcome, searches } = await collectWeek(
      { records: [], rateLimit: { requests: 100_000, windowMs: 60_000 }, quirks: { omitEmptyFields: true } },
      100_000,
    );
    expect(outcome).toMatchObject({ gaps: [], kept: 0, expected: 0 });
    expect(searches).toHaveLength(1);
  });

  it('is exact against an API that answers newest first', async () => {
    // Three windows deep, as 23,000 records are in Descope's 10,000.
    const records = weekOfFailedLogins(7_000);
    const { outcome, counts } = await collectWeek(
      { records, rateLimit: { requests: 100_000, windowMs: 60_000 }, quirks: { ignoreOldestFirst: true } },
      100_000,
      2000,
      3_000,
    );
    expect(outcome.gaps).toEqual([]);
    expect(counts).toEqual(expectedGeoCounts(records));
    expect(outcome.kept).toBe(7_001);
  });
});
