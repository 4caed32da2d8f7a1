import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySource } from '../../../functions/adapters/directory-source.js';
import { createLocalKeySigner } from '../../../functions/adapters/local-key-signer.js';
import { recordAttestation } from '../../../functions/attest/record-attestation.js';
import type { DirectoryUser } from '../../../functions/core/access/build-access-snapshot.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import type { TrustedKey } from '../../../functions/core/integrity/public-key-set.js';
import { shiftWeek, utcDayStarting } from '../../../functions/core/period/period.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const DAY = 86_400_000;
const W45 = shiftWeek(TEST_WEEK, -2);
const W46 = shiftWeek(TEST_WEEK, -1);
const folder = (label: string) => `reports/P2test/${label}/`;
const newSigner = () =>
  createLocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
const signer = newSigner();
/** A reviewer's own key, listed for the run as an attestation key (never the manifest key). */
const reviewer = newSigner();
let attestationKeys: TrustedKey[];
beforeAll(async () => {
  const key = await reviewer.key();
  attestationKeys = [{ pem: key.publicKeyPem, fingerprint: key.fingerprint }];
});

const records = [W45, W46, TEST_WEEK].flatMap((week) => [
  auditRecord({ geo: 'DE', tenants: ['T1'], occurred: week.from + 1000 }),
  auditRecord({ geo: 'FR', occurred: week.from + 2000 }),
]);

/**
 * What is under test is how stored reports are read back, not the tables: the catalog keeps the one
 * table read here (and the collection it comes from), so each of the file's fourteen runs stays cheap.
 */
const catalog = (() => {
  const result = validateReportCatalog({
    privilegedRoles: ['Tenant Admin'],
    tenants: { enabled: true, include: ['T1'] },
    disable: disableAllBut('failed-logins-per-day', 'failed-logins-by-geo'),
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
})();

const alice: DirectoryUser = {
  userId: 'alice',
  loginIds: ['alice@corp.example'],
  name: 'alice',
  status: 'enabled',
  createdTime: W45.from - 10 * DAY,
  roles: [{ tenantId: 'T1', tenantName: '', role: 'Tenant Admin' }],
  factors: { totp: true, webauthn: false, password: false, sso: false, oauth: [] },
  lastLogin: W45.from,
};
const directory: DirectorySource = {
  searchUsers: async (page) => ({
    users: page === 0 ? [alice] : [],
    received: page === 0 ? 1 : 0,
    malformed: 0,
    total: 1,
  }),
  searchAccessKeys: async () => ({ keys: [], malformed: 0 }),
};

async function run(
  store: ReturnType<typeof inMemoryReportStore>['store'],
  period = TEST_WEEK,
  sealer = signer,
) {
  const result = await runWeeklyReport(
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
      accessReview: { enabled: true, dormantDays: 90, keyExpiryHorizonDays: 365 },
    },
    {
      search: inMemorySearchApi(records).api,
      store,
      directory,
      sealing: { signer: sealer },
      attestationKeys,
    },
  );
  if (result.state !== 'finished') throw new Error('expected a finished run');
  return result;
}

/** Two sealed weeks (W45, W46) stored by this job with its key, stored once and copied for each test. */
let sealed: Map<string, Buffer>;
beforeAll(async () => {
  const memory = inMemoryReportStore();
  await run(memory.store, W45);
  await run(memory.store, W46);
  sealed = memory.objects;
});
async function sealedHistory() {
  const memory = inMemoryReportStore();
  for (const [key, body] of sealed) memory.objects.set(key, Buffer.from(body));
  return memory;
}

const json = (text: string) => JSON.parse(text);
const integrityFindings = (summary: { findings: Array<{ rule: string; title: string; detail: string }> }) =>
  summary.findings.filter((f) => f.rule === 'stored-input-integrity');

describe('a signing run never uses a stored earlier report it has not verified', () => {
  it('refuses a previous summary edited after sealing: not in the history, a gap and a high finding, the run completes', async () => {
    const { store, objects, text } = await sealedHistory();
    const key = `${folder(W46.label)}summary.json`;
    const edited = json(text(key));
    for (const q of edited.queries) q.headline = 999;
    objects.set(key, Buffer.from(JSON.stringify(edited)));

    const result = await run(store);
    expect(result.complete).toBe(false);
    const summary = json(text(`${folder(TEST_WEEK.label)}summary.json`));
    const geo = summary.queries.find((q: { id: string }) => q.id === 'failed-logins-by-geo');
    expect(geo.previousWeek).not.toMatchObject({ value: 999 });
    expect(summary.history.storedWeeks).toEqual([W45.label]);
    expect(summary.unverifiedInputs).toEqual([
      expect.objectContaining({
        file: key,
        period: W46.label,
        problem: expect.stringContaining('differs from its folder'),
      }),
    ]);
    expect(integrityFindings(summary)).toEqual([
      expect.objectContaining({
        severity: 'high',
        title: `Integrity: previous week failed verification (${W46.label})`,
        detail: expect.stringContaining(key),
      }),
    ]);
    expect(text(`${folder(TEST_WEEK.label)}gaps.csv`)).toContain(`${key} failed verification`);
    expect(text(`${folder(TEST_WEEK.label)}report.html`)).toContain(
      'Integrity: previous week failed verification',
    );
  });

  it('does not chain to another week’s intact signed folder copied over the previous week', async () => {
    const { store, objects, text } = await sealedHistory();
    for (const [key, body] of [...objects]) {
      if (key.startsWith(folder(W45.label))) objects.set(key.replace(W45.label, W46.label), body);
    }
    await run(store);
    const manifest = json(text(`${folder(TEST_WEEK.label)}manifest.json`));
    expect(manifest.previous).toEqual({
      period: W46.label,
      key: `${folder(W46.label)}manifest.json`,
      sha256: null,
    });
    const summary = json(text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(summary.unverifiedInputs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: `${folder(W46.label)}manifest.json`,
          problem: `manifest.json states period ${W45.label}, but this folder is ${W46.label}'s (another period's files?)`,
        }),
      ]),
    );
    // The tenant's own copied folder fails the same way, and its report says so (naming only its own files).
    const tenant = json(text(`${folder(TEST_WEEK.label)}tenants/T1/summary.json`));
    expect(tenant.unverifiedInputs.map((u: { file: string }) => u.file)).toContain(
      `${folder(W46.label)}tenants/T1/manifest.json`,
    );
    expect(
      tenant.unverifiedInputs.every(
        (u: { file: string }) => u.file.includes('/tenants/T1/') || u.file.includes('/access/'),
      ),
    ).toBe(true);
  });

  it('refuses a previous week sealed with another key, and links an intact one', async () => {
    const forged = inMemoryReportStore();
    await run(forged.store, W46, newSigner());
    await run(forged.store);
    const summary = json(forged.text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(summary.unverifiedInputs[0].problem).toMatch(
      /^manifest.json names signing key [0-9a-f]{64}, not a given key/,
    );
    expect(json(forged.text(`${folder(TEST_WEEK.label)}manifest.json`)).previous.sha256).toBeNull();

    const intact = await sealedHistory();
    const result = await run(intact.store);
    expect(result.complete).toBe(true);
    const clean = json(intact.text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(clean.unverifiedInputs).toBeUndefined();
    expect(integrityFindings(clean)).toEqual([]);
    expect(clean.findingRules.find((r: { rule: string }) => r.rule === 'stored-input-integrity').status).toBe(
      'evaluated',
    );
    expect(json(intact.text(`${folder(TEST_WEEK.label)}manifest.json`)).previous.sha256).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  it('takes no previous access snapshot or sign-off it cannot verify', async () => {
    const { store, objects, text } = await sealedHistory();
    // A signed sign-off of W46 by a key the run does not trust, and W46's snapshot edited.
    await recordAttestation(store, {
      projectId: 'P2test',
      period: W46.label,
      reviewer: 'mallory@corp.example',
      decision: 'approved',
      now: TEST_WEEK.from,
      supersede: false,
      signer: newSigner(),
    });
    const snapshotKey = `${folder(W46.label)}access/snapshot.json`;
    const snapshot = json(text(snapshotKey));
    snapshot.users = [];
    objects.set(snapshotKey, Buffer.from(JSON.stringify(snapshot)));

    await run(store);
    const summary = json(text(`${folder(TEST_WEEK.label)}summary.json`));
    // W46's snapshot is refused: the review compares with W45's, the last one that verifies.
    expect(summary.accessReview.previousSnapshot.period).toBe(W45.label);
    expect(summary.unverifiedInputs.map((u: { file: string }) => u.file)).toEqual(
      expect.arrayContaining([snapshotKey]),
    );
  });

  it('counts a sign-off only when it is signed by a listed attestation key, never the manifest key', async () => {
    const { store, text } = await sealedHistory();
    await recordAttestation(store, {
      projectId: 'P2test',
      period: W46.label,
      reviewer: 'mallory@corp.example',
      decision: 'approved',
      now: TEST_WEEK.from,
      supersede: false,
      signer: newSigner(),
    });
    await run(store);
    const summary = json(text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(summary.accessReview.previousReviewPending).toBe(true);
    expect(summary.unverifiedInputs).toEqual([
      expect.objectContaining({
        file: `${folder(W46.label)}access/attestation.json`,
        problem: expect.stringMatching(/^it is signed by key [0-9a-f]{64}, which this run does not trust$/),
      }),
    ]);

    const trusted = await sealedHistory();
    await recordAttestation(trusted.store, {
      projectId: 'P2test',
      period: W46.label,
      reviewer: 'reviewer@corp.example',
      decision: 'approved',
      now: TEST_WEEK.from,
      supersede: false,
      signer: reviewer,
    });
    await run(trusted.store);
    const signed = json(trusted.text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(signed.accessReview.previousReviewPending).toBe(false);
    expect(signed.unverifiedInputs).toBeUndefined();

    // Signed with the manifest-signing key: whoever holds it is not a reviewer.
    const byJob = await sealedHistory();
    await recordAttestation(byJob.store, {
      projectId: 'P2test',
      period: W46.label,
      reviewer: 'job@corp.example',
      decision: 'approved',
      now: TEST_WEEK.from,
      supersede: false,
      signer,
    });
    await run(byJob.store);
    const forged = json(byJob.text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(forged.accessReview.previousReviewPending).toBe(true);
    expect(forged.unverifiedInputs).toEqual([
      expect.objectContaining({ file: `${folder(W46.label)}access/attestation.json` }),
    ]);

    // Unsigned: nothing proves who wrote it. Not counted, said in the review, not a finding.
    const unsigned = await sealedHistory();
    await recordAttestation(unsigned.store, {
      projectId: 'P2test',
      period: W46.label,
      reviewer: 'someone@corp.example',
      decision: 'approved',
      now: TEST_WEEK.from,
      supersede: false,
    });
    await run(unsigned.store);
    const pending = json(unsigned.text(`${folder(TEST_WEEK.label)}summary.json`));
    expect(pending.accessReview.previousReviewPending).toBe(true);
    expect(pending.unverifiedInputs).toBeUndefined();
    expect(unsigned.text(`${folder(TEST_WEEK.label)}report.html`)).toContain(
      'access/attestation.json is not counted as a sign-off: it is not signed',
    );
  });

  it('reads the day before a day through the same gate: an edited summary is not compared with, and is a finding', async () => {
    const { store, objects, text } = inMemoryReportStore();
    const first = utcDayStarting(TEST_WEEK.from);
    const second = utcDayStarting(TEST_WEEK.from + DAY);
    const dayFolder = (label: string) => `reports/P2test/days/${label}/`;
    await run(store, first);
    const key = `${dayFolder(first.label)}summary.json`;
    const edited = json(text(key));
    edited.findings = [];
    objects.set(key, Buffer.from(JSON.stringify(edited)));

    await run(store, second);
    const summary = json(text(`${dayFolder(second.label)}summary.json`));
    expect(summary.unverifiedInputs).toEqual([
      expect.objectContaining({
        file: key,
        period: first.label,
        problem: expect.stringContaining('differs'),
      }),
    ]);
    expect(integrityFindings(summary)).toEqual([
      expect.objectContaining({
        severity: 'high',
        title: `Integrity: previous day failed verification (${first.label})`,
      }),
    ]);
    // The chain still links the day before: its manifest itself verified.
    const manifest = json(text(`${dayFolder(second.label)}manifest.json`));
    expect(manifest.previous).toMatchObject({ period: first.label, sha256: expect.any(String) });
  });
});
