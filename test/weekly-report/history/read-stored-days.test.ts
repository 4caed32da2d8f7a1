import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { readStoredDays } from '../../../functions/weekly-report/history/read-stored-days.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';

const week = parseIsoWeek('2026-W47');
const signer = createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);

describe("a week's stored days, read to stand in for it", () => {
  it('stops at the first day that cannot be used, or with everyDay names every one', async () => {
    const { store } = inMemoryReportStore();
    // Only Wednesday is stored, under a manifest nobody signed.
    await store.putIf('reports/P2test/days/2026-11-18/manifest.json', '{"files":[]}', 'application/json', {
      ifNoneMatch: '*',
    });
    const input = { store, signer, projectId: 'P2test', week, plans: [] };
    expect(await readStoredDays(input)).toEqual({ ok: false, reason: '2026-11-16 has no stored report' });
    expect(await readStoredDays({ ...input, everyDay: true })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^2026-11-16, 2026-11-17, 2026-11-19, 2026-11-20, 2026-11-21 and 2026-11-22 have no stored report; 2026-11-18 failed verification: reports\/P2test\/days\/2026-11-18\/manifest\.json: .+/,
      ),
      noneStored: false,
    });
  });

  it('says when none of the seven is stored, and that a run signing nothing verifies none', async () => {
    const { store } = inMemoryReportStore();
    const input = { store, projectId: 'P2test', week, plans: [], everyDay: true };
    expect(await readStoredDays({ ...input, signer })).toMatchObject({
      ok: false,
      noneStored: true,
      reason: expect.stringMatching(/^2026-11-16, .* and 2026-11-22 have no stored report$/),
    });
    expect(await readStoredDays(input)).toEqual({
      ok: false,
      reason: 'this run signs nothing, so stored days cannot be verified',
    });
  });
});
