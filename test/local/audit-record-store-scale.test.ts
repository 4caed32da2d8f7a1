import { afterAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import { createAuditRecordStore } from '../../functions/local/descope-api/audit-record-store.js';
import { createDescopeApiStandIn } from '../../functions/local/descope-api/descope-api-stand-in.js';
import { generateSyntheticFailedLogins } from '../../functions/local/descope-api/synthetic-failed-logins.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID } from './stand-in-client.js';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 0, 5);
const window = { from: FROM, to: FROM + 168 * HOUR };

/** How often the store read a record by position: a search served from the indexes reads only what it returns. */
function countingReads(records: readonly AuditRecord[]) {
  const reads = { count: 0 };
  const counted = new Proxy(records, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.count++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { counted, reads };
}

describe('a week of 1,000,000 failed logins', () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const records = generateSyntheticFailedLogins({ count: 1_000_000, window, seed: 11 });
  const { counted, reads } = countingReads(records);
  const store = createAuditRecordStore(counted);
  const heapAfter = process.memoryUsage().heapUsed;
  const running: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(running.map((s) => s.close())));

  it('fits comfortably in memory', () => {
    expect(heapAfter - heapBefore).toBeLessThan(1.5e9);
  });

  it('serves 1,100 paged searches by action and time from the indexes, reading only the records it returns', () => {
    // Every record's hour, counted in one pass: the exact answer of each search.
    const perHour = new Array<number>(168).fill(0);
    for (const record of records) {
      if (record.action === 'LoginFailed') {
        const hour = Math.floor((record.occurred - window.from) / HOUR);
        perHour[hour] = (perHour[hour] ?? 0) + 1;
      }
    }
    const actions = new Set(['LoginFailed']);
    reads.count = 0;
    let served = 0;
    for (let i = 0; i < 1100; i++) {
      const from = window.from + (i % 168) * HOUR;
      const selection = store.select({ from, to: from + HOUR - 1, actions });
      const total = perHour[i % 168] ?? 0;
      expect(selection.total).toBe(total);
      const offset = 1000 * (i % 3);
      const page = selection.page(offset, 1000, true);
      expect(page.length).toBe(Math.max(0, Math.min(1000, total - offset)));
      const times = page.map((r) => r.record.occurred);
      expect(
        times.every((t, n) => t >= from && t < from + HOUR && (n === 0 || t >= (times[n - 1] ?? 0))),
      ).toBe(true);
      served += page.length;
    }
    expect(served).toBeGreaterThan(1_000_000);
    // No scan: the searches read each record they return once, and no other.
    expect(reads.count).toBe(served);
  });

  it('answers ten full 1000-record pages over HTTP: distinct, in order, all within the range', async () => {
    const standIn = await createDescopeApiStandIn({
      projectId: PROJECT_ID,
      managementKey: MANAGEMENT_KEY,
      records,
      now: () => window.to,
      rateLimit: { requests: 1000, windowMs: 60_000 },
    });
    running.push(standIn);
    const from = window.from + 30 * HOUR;
    const to = window.from + 32 * HOUR - 1; // about 10,700 records: ten full pages
    const seen = new Set<string>();
    let previous = Number.POSITIVE_INFINITY;
    for (let page = 0; page < 10; page++) {
      const { json } = await callApi(standIn, '/v1/mgmt/audit/search', {
        from,
        to,
        actions: ['LoginFailed'],
        page,
      });
      const audits = json.audits as Array<{ ID: string; occurred: string; action: string }>;
      expect(audits.length).toBe(1000);
      for (const audit of audits) {
        const occurred = Number(audit.occurred);
        expect(occurred >= from && occurred <= to && occurred <= previous).toBe(true);
        expect(audit.action).toBe('LoginFailed');
        previous = occurred;
        seen.add(audit.ID);
      }
    }
    expect(seen.size).toBe(10_000);
  });
});
