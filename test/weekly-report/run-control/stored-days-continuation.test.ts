import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../functions/core/period/period.js';
import { beginRun } from '../../../functions/weekly-report/run-control/begin-run.js';
import { saveCheckpoint } from '../../../functions/weekly-report/run-control/collection-checkpoint.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

// A week 40 days old: only its stored days can give it, and a run built from them may continue.
const late = TEST_WEEK.to + 40 * DAY_MS;
const prefix = `reports/P2test/${TEST_WEEK.label}/`;

/** A run of the old week started (no retention: from its days), its checkpoint saying so or not. */
async function startedRun(storedDays: boolean) {
  const { store } = inMemoryReportStore();
  const base = { store, prefix, period: TEST_WEEK, runId: 'run-a', now: late, clock: () => late };
  const began = await beginRun({ ...base, retentionDays: Number.POSITIVE_INFINITY, resume: false });
  if (began.refused) throw new Error(began.reason);
  began.heartbeat.stop();
  if (storedDays) began.checkpoint.storedDays = { used: true, days: [] };
  await saveCheckpoint(store, prefix, began.checkpoint);
  // The continuation knows only the search's retention; the checkpoint says where the records came from.
  return () => beginRun({ ...base, retentionDays: 30, resume: true, invocation: 2 });
}

describe('a continuation of a week past the search’s 30 days', () => {
  it('is not held to the 30 days when its checkpoint says the week came from its stored days', async () => {
    const continued = await (await startedRun(true))();
    if (continued.refused) throw new Error(continued.reason);
    continued.heartbeat.stop();
    expect(continued.checkpoint).toMatchObject({ invocations: 2, storedDays: { used: true } });
  });

  it('is refused as before when the week was not taken from its days', async () => {
    await expect((await startedRun(false))()).rejects.toThrow(/older than Descope's 30-day audit retention/);
  });
});
