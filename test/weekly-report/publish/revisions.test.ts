import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import type { ReportStore } from '../../../functions/adapters/report-store.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import type { Manifest } from '../../../functions/core/integrity/manifest.js';
import { sha256Hex } from '../../../functions/core/integrity/manifest.js';
import { isMutableReportKey } from '../../../functions/core/integrity/mutable-report-keys.js';
import { shiftWeek } from '../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const W47 = `reports/P2test/${TEST_WEEK.label}/`;
/**
 * Revisions are about which files are written, not what the tables hold: a table of each kind
 * (series, group, rows) keeps each run cheap; every table's re-run bytes are held the same by
 * test/e2e/weekly-report.e2e.test.ts.
 */
const catalog = (() => {
  const result = validateReportCatalog({
    tenants: { enabled: true },
    disable: disableAllBut('failed-logins-per-day', 'failed-logins-by-geo', 'lockouts'),
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
})();
const signer = createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
const records = [
  auditRecord({ geo: 'DE', tenants: ['T1'], occurred: TEST_WEEK.from + 1000 }),
  auditRecord({ geo: 'US', occurred: TEST_WEEK.from + 2000 }),
];
const late = auditRecord({ geo: 'FR', tenants: ['T1'], occurred: TEST_WEEK.from + 3000 });

/** The store, recording every sealed (write-once) key a run actually wrote. */
function recordingStore() {
  const memory = inMemoryReportStore();
  const written: string[] = [];
  const note = (key: string, ok: boolean) => {
    if (ok && !isMutableReportKey(key)) written.push(key);
  };
  const store: ReportStore = {
    ...memory.store,
    async putIf(key, body, type, condition) {
      const result = await memory.store.putIf(key, body, type, condition);
      note(key, result.written);
      return result;
    },
    async putStreamIfAbsent(key, body, type) {
      const result = await memory.store.putStreamIfAbsent(key, body, type);
      note(key, result.written);
      return result;
    },
  };
  return { ...memory, store, written };
}

const run = (store: ReportStore, data: AuditRecord[], period = TEST_WEEK) =>
  runWeeklyReport(
    {
      projectId: 'P2test',
      period,
      now: TEST_WEEK.to + 86_400_000 * 8,
      catalog,
      maxResultWindow: 10_000,
      resend: false,
      sender: 'reports@example.com',
      recipients: ['lead@example.com'],
      runId: `run-${Math.random()}`,
    },
    { search: inMemorySearchApi(data).api, store, sealing: { signer } },
  );

const manifestAt = (text: (key: string) => string, key: string) => JSON.parse(text(key)) as Manifest;

describe('sealed weeks are written once', () => {
  it('finds every file in place when the week is re-run over unchanged data: nothing written', async () => {
    const { store, objects, written } = recordingStore();
    await run(store, records);
    const sealed = new Map([...objects].map(([k, v]) => [k, Buffer.from(v)]));
    written.length = 0;

    const again = await run(store, records);
    expect(again.state === 'finished' && again.prefix).toBe(W47);
    expect(written).toEqual([]);
    for (const [key, body] of sealed) {
      if (!isMutableReportKey(key)) expect(objects.get(key)?.equals(body), key).toBe(true);
    }
    expect([...objects.keys()].some((k) => k.includes('/revisions/'))).toBe(false);
  });

  it('seals changed data as revision 2 beside the first, which stays byte for byte', async () => {
    const { store, objects, text, written } = recordingStore();
    await run(store, records);
    const first = new Map(
      [...objects].filter(([k]) => !isMutableReportKey(k)).map(([k, v]) => [k, Buffer.from(v)]),
    );
    written.length = 0;

    const revised = await run(store, [...records, late]);
    const rev2 = `${W47}revisions/2/`;
    expect(revised.state === 'finished' && revised.prefix).toBe(rev2);
    for (const [key, body] of first) expect(objects.get(key)?.equals(body), key).toBe(true);
    expect(written.every((k) => k.startsWith(rev2) || k.startsWith('reports/keys/'))).toBe(true);

    // A whole report: evidence, tenants and manifests, the manifest naming what it supersedes.
    const manifest = manifestAt(text, `${rev2}manifest.json`);
    expect(manifest.period).toBe(TEST_WEEK.label);
    expect(manifest.revision).toEqual({
      number: 2,
      supersedes: { key: `${W47}manifest.json`, sha256: sha256Hex(text(`${W47}manifest.json`)) },
    });
    expect(manifest.files.some((f) => f.name.startsWith('evidence/'))).toBe(true);
    expect(objects.has(`${rev2}manifest.sig`)).toBe(true);
    const tenant = manifestAt(text, `${rev2}tenants/T1/manifest.json`);
    expect(tenant.revision?.supersedes).toEqual({
      key: `${W47}tenants/T1/manifest.json`,
      sha256: sha256Hex(text(`${W47}tenants/T1/manifest.json`)),
    });
    expect(text(`${rev2}report.html`)).toContain('This is revision 2 of the period');

    // Re-run again over the revised data: in place in revision 2.
    written.length = 0;
    await run(store, [...records, late]);
    expect(written).toEqual([]);

    // The next week links the newest sealed revision.
    const w48 = shiftWeek(TEST_WEEK, 1);
    await run(store, [...records, late], w48);
    expect(manifestAt(text, `reports/P2test/${w48.label}/manifest.json`).previous).toEqual({
      period: TEST_WEEK.label,
      key: `${rev2}manifest.json`,
      sha256: sha256Hex(text(`${rev2}manifest.json`)),
    });
  });

  it('goes on in the revision a stopped run left unsealed when its files are the same', async () => {
    const memory = recordingStore();
    let refuse = true;
    const failing: ReportStore = {
      ...memory.store,
      async putIf(key, body, type, condition) {
        if (refuse && key === `${W47}manifest.json`) throw new Error('the function timed out');
        return memory.store.putIf(key, body, type, condition);
      },
    };
    await expect(run(failing, records)).rejects.toThrow('the function timed out');
    expect(memory.objects.has(`${W47}report.html`)).toBe(true);
    refuse = false;
    memory.written.length = 0;
    await run(failing, records);
    expect(memory.objects.has(`${W47}manifest.json`)).toBe(true);
    expect([...memory.objects.keys()].some((k) => k.includes('/revisions/'))).toBe(false);
  });
});
