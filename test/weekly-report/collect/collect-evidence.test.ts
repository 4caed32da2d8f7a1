import { describe, expect, it } from 'vitest';
import type { AuditSearchApi } from '../../../functions/adapters/audit-search-api.js';
import { TimeBudgetError } from '../../../functions/shared/errors.js';
import { collectEvidence } from '../../../functions/weekly-report/collect/collect-evidence.js';
import {
  type Checkpoint,
  loadCheckpoint,
  openRunRevision,
} from '../../../functions/weekly-report/run-control/collection-checkpoint.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const prefix = 'reports/P2test/week/';
const plans = [
  { id: 'login-failures', filter: { actions: ['LoginFailed'] }, queries: [] },
  { id: 'administration', filter: { actions: ['UserCreated'] }, queries: [] },
];
const records = [
  ...Array.from({ length: 4_500 }, (_, i) => auditRecord({ occurred: TEST_WEEK.from + i * 60_000 })),
  ...Array.from({ length: 30 }, (_, i) =>
    auditRecord({ action: 'UserCreated', occurred: TEST_WEEK.from + i }),
  ),
];
const fresh = (): Checkpoint => ({
  version: 2,
  runId: 'r',
  period: TEST_WEEK,
  invocations: 1,
  collections: [],
});

/** The fake search, failing with `TimeBudgetError` on request number `failAt` (counted from 1). */
function budgetedSearch(failAt: number): AuditSearchApi {
  const { api } = inMemorySearchApi(records);
  let calls = 0;
  return {
    search(request) {
      calls += 1;
      if (calls === failAt)
        return Promise.reject(new TimeBudgetError('the wait would outlast the invocation'));
      return api.search(request);
    },
  };
}

const run = async (
  search: AuditSearchApi,
  store: ReturnType<typeof inMemoryReportStore>['store'],
  checkpoint: Checkpoint,
  resume = false,
) =>
  collectEvidence({
    search,
    store,
    prefix,
    target: await openRunRevision(store, prefix, checkpoint, resume),
    period: TEST_WEEK,
    plans,
    maxResultWindow: 2_000,
    partRecords: 1_500,
    checkpoint,
    shouldContinue: () => true,
  });

describe('collecting evidence', () => {
  it('pauses when a wait would outlast the invocation, drops the open part, and continues to the same files', async () => {
    const straight = inMemoryReportStore();
    const straightCheckpoint = fresh();
    expect(await run(inMemorySearchApi(records).api, straight.store, straightCheckpoint)).toBe(true);

    const paused = inMemoryReportStore();
    // Part 1 is 1,500 records (requests 1-2); request 4 fails inside part 2.
    expect(await run(budgetedSearch(4), paused.store, fresh())).toBe(false);
    const saved = await loadCheckpoint(paused.store, prefix, 'r');
    expect(saved.collections[0]?.parts.map((p) => p.name)).toEqual([
      'evidence/login-failures/part-0001.ndjson.gz',
    ]);
    expect(paused.objects.has(`${prefix}evidence/login-failures/part-0002.ndjson.gz`)).toBe(false);

    expect(await run(inMemorySearchApi(records).api, paused.store, saved, true)).toBe(true);
    // The same parts and counts; only the records received differ (the continuation re-asks a page).
    const settled = (c: Checkpoint) =>
      c.collections.map(({ outcome: { fetched: _f, ...outcome }, ...state }) => ({ ...state, outcome }));
    expect(settled(saved)).toEqual(settled(straightCheckpoint));
    expect(saved.collections[0]?.parts).toHaveLength(3);
    for (const key of straight.objects.keys()) {
      if (key.includes('/evidence/'))
        expect(paused.objects.get(key)?.equals(straight.objects.get(key) ?? Buffer.alloc(0))).toBe(true);
    }
    expect(saved.collections.map((c) => c.outcome.kept)).toEqual([4_500, 30]);
  });
});
