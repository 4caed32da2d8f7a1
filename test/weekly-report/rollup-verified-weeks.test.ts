import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../functions/adapters/local-key-signer.js';
import { validateReportCatalog } from '../../functions/core/catalog/report-catalog.js';
import { customPeriod, shiftWeek } from '../../functions/core/period/period.js';
import { runRollup } from '../../functions/weekly-report/run-rollup.js';
import { runWeeklyReport } from '../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { inMemoryReportStore } from '../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../support/in-memory-search-api.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { TEST_WEEK } from '../support/query-result-builder.js';

const DAY = 86_400_000;
const W46 = shiftWeek(TEST_WEEK, -1);
const signer = createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
const records = [
  auditRecord({ geo: 'DE', occurred: W46.from + 1000 }),
  auditRecord({ geo: 'FR', occurred: TEST_WEEK.from + 1000 }),
  auditRecord({ geo: 'FR', occurred: TEST_WEEK.from + 2000 }),
];
// Which weeks a rollup may draw on is under test: the one table read is kept.
const validated = validateReportCatalog({ disable: disableAllBut('failed-logins-by-geo') });
if (!validated.ok) throw new Error(validated.problems.join('; '));
const catalog = validated.catalog;
const folder = (label: string) => `reports/P2test/${label}/`;

async function week(store: ReturnType<typeof inMemoryReportStore>['store'], period: typeof TEST_WEEK) {
  await runWeeklyReport(
    {
      projectId: 'P2test',
      period,
      now: period.to + DAY,
      catalog,
      maxResultWindow: 10_000,
      resend: false,
      sender: 'reports@example.com',
      recipients: [],
      runId: `run-${period.label}`,
    },
    { search: inMemorySearchApi(records).api, store, sealing: { signer } },
  );
}

describe('a signing rollup draws only on weeks that verify', () => {
  it('makes a week whose folder was replaced by another week a gap and a finding, and reads none of its evidence', async () => {
    const { store, objects, text } = inMemoryReportStore();
    await week(store, W46);
    await week(store, TEST_WEEK);
    // W46's folder replaced by W47's intact, signed files.
    for (const key of [...objects.keys()]) if (key.startsWith(folder(W46.label))) objects.delete(key);
    for (const [key, body] of [...objects])
      if (key.startsWith(folder(TEST_WEEK.label))) objects.set(key.replace(TEST_WEEK.label, W46.label), body);

    const period = customPeriod(new Date(W46.from).toISOString(), new Date(TEST_WEEK.to).toISOString());
    const rollup = await runRollup(
      { projectId: 'P2test', period, now: TEST_WEEK.to + DAY, catalog },
      { store, sealing: { signer } },
    );
    expect(rollup.complete).toBe(false);
    expect(rollup.data.rollup?.sources.map((s) => s.week)).toEqual([TEST_WEEK.label]);
    expect(rollup.data.rollup?.missing).toEqual([
      expect.objectContaining({
        week: W46.label,
        reason: `${W46.label}'s manifest failed verification (manifest.json states period ${TEST_WEEK.label}, but this folder is ${W46.label}'s (another period's files?))`,
      }),
    ]);
    const summary = JSON.parse(text(`${rollup.prefix}summary.json`));
    // Only W47's two records are counted: the copy in W46's folder is never read.
    expect(summary.queries.find((q: { id: string }) => q.id === 'failed-logins-by-geo').records).toBe(2);
    expect(summary.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'stored-input-integrity',
          severity: 'high',
          title: `Integrity: previous week failed verification (${W46.label})`,
        }),
      ]),
    );
  });
});
