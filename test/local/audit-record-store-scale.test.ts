import { afterAll, describe, expect, it } from 'vitest';
import { createAuditRecordStore } from '../../functions/local/descope-api/audit-record-store.js';
import { createDescopeApiStandIn } from '../../functions/local/descope-api/descope-api-stand-in.js';
import { generateSyntheticFailedLogins } from '../../functions/local/descope-api/synthetic-failed-logins.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID } from './stand-in-client.js';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 0, 5);
const window = { from: FROM, to: FROM + 168 * HOUR };

describe('a week of 1,000,000 failed logins', () => {
  const heapBefore = process.memoryUsage().heapUsed;
  const records = generateSyntheticFailedLogins({ count: 1_000_000, window, seed: 11 });
  const store = createAuditRecordStore(records);
  const heapAfter = process.memoryUsage().heapUsed;
  const running: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(running.map((s) => s.close())));

  it('fits comfortably in memory', () => {
    expect(heapAfter - heapBefore).toBeLessThan(1.5e9);
  });

  it('serves 1,100 paged searches by action and time from the indexes, fast', () => {
    const actions = new Set(['LoginFailed']);
    const started = performance.now();
    let served = 0;
    for (let i = 0; i < 1100; i++) {
      const from = window.from + (i % 168) * HOUR;
      const selection = store.select({ from, to: from + HOUR - 1, actions });
      served += selection.page(1000 * (i % 3), 1000, true).length;
    }
    expect(served).toBeGreaterThan(1_000_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers a full 1000-record page over HTTP in milliseconds', async () => {
    const standIn = await createDescopeApiStandIn({
      projectId: PROJECT_ID,
      managementKey: MANAGEMENT_KEY,
      records,
      now: () => window.to,
      rateLimit: { requests: 1000, windowMs: 60_000 },
    });
    running.push(standIn);
    const started = performance.now();
    for (let page = 0; page < 10; page++) {
      const { json } = await callApi(standIn, '/v1/mgmt/audit/search', {
        from: window.from + 30 * HOUR,
        to: window.from + 32 * HOUR - 1, // about 10,700 records: ten full pages
        actions: ['LoginFailed'],
        page,
      });
      expect((json.audits as unknown[]).length).toBe(1000);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
