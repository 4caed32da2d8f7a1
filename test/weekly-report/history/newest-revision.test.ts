import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DirectorySource } from '../../../functions/adapters/directory-source.js';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import type { DirectoryUser } from '../../../functions/core/access/build-access-snapshot.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { type ReportPeriod, shiftWeek } from '../../../functions/core/period/period.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const DAY = 86_400_000;
const W46 = shiftWeek(TEST_WEEK, -1);
const folder = (label: string) => `reports/P3test/${label}/`;
const signer = createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
const records = [W46, TEST_WEEK].map((week) => auditRecord({ geo: 'DE', occurred: week.from + 1000 }));

const catalog = (() => {
  // The subject is the previous week's revision the run reads (its access snapshot), not the tables.
  const result = validateReportCatalog({
    privilegedRoles: ['Admin'],
    disable: disableAllBut('failed-logins-by-geo'),
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
})();

const admin = (userId: string): DirectoryUser => ({
  userId,
  loginIds: [`${userId}@corp.example`],
  name: userId,
  status: 'enabled',
  createdTime: W46.from - 30 * DAY,
  roles: [{ tenantId: '', tenantName: '', role: 'Admin' }],
  factors: { totp: true, webauthn: false, password: false, sso: false, oauth: [] },
  lastLogin: W46.from,
});
const directoryOf = (users: DirectoryUser[]): DirectorySource => ({
  searchUsers: async (page) => ({
    users: page === 0 ? users : [],
    received: page === 0 ? users.length : 0,
    malformed: 0,
    total: users.length,
  }),
  searchAccessKeys: async () => ({ keys: [], malformed: 0 }),
});

async function run(
  store: ReturnType<typeof inMemoryReportStore>['store'],
  period: ReportPeriod,
  users: DirectoryUser[],
  runId: string,
) {
  const result = await runWeeklyReport(
    {
      projectId: 'P3test',
      period,
      now: period.to + DAY,
      catalog,
      maxResultWindow: 10_000,
      resend: false,
      sender: 'reports@example.com',
      recipients: [],
      runId,
      accessReview: { enabled: true, dormantDays: 90, keyExpiryHorizonDays: 365 },
    },
    { search: inMemorySearchApi(records).api, store, directory: directoryOf(users), sealing: { signer } },
  );
  if (result.state !== 'finished') throw new Error('expected a finished run');
  return result;
}

describe('a run draws on each earlier week as it now stands: its newest sealed revision', () => {
  it('chains to, compares with and verifies the previous week’s revision 2, not the first', async () => {
    const { store, text } = inMemoryReportStore();
    await run(store, W46, [admin('alice')], 'w46-first');
    // The week re-run after the directory changed: sealed again beside the first, as revision 2.
    const again = await run(store, W46, [admin('alice'), admin('bob')], 'w46-again');
    expect(again.location.prefix).toBe(`${folder(W46.label)}revisions/2/`);

    await run(store, TEST_WEEK, [admin('alice'), admin('bob')], 'w47');
    const manifest = JSON.parse(text(`${folder(TEST_WEEK.label)}manifest.json`));
    expect(manifest.previous).toEqual({
      period: W46.label,
      key: `${folder(W46.label)}revisions/2/manifest.json`,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const summary = JSON.parse(text(`${folder(TEST_WEEK.label)}summary.json`));
    // Revision 2's snapshot already holds bob: nothing was granted since. (Revision 1 would say 1.)
    expect(summary.accessReview.previousSnapshot).toEqual({ period: W46.label, privilegedPrincipals: 2 });
    expect(summary.accessReview.changes.granted).toBe(0);
    // Revision 2's manifest states its revision, so it verified where it was found.
    expect(summary.unverifiedInputs).toBeUndefined();
  });
});
