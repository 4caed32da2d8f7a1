import { describe, expect, it } from 'vitest';
import type { DirectorySource } from '../../../functions/adapters/directory-source.js';
import type { EmailMessage, Mailer } from '../../../functions/adapters/mailer.js';
import { recordAttestation } from '../../../functions/attest/record-attestation.js';
import type { DirectoryKey, DirectoryUser } from '../../../functions/core/access/build-access-snapshot.js';
import { validateReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { runWeeklyReport } from '../../../functions/weekly-report/run-weekly-report.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { inMemoryReportStore } from '../../support/in-memory-report-store.js';
import { inMemorySearchApi } from '../../support/in-memory-search-api.js';
import { disableAllBut } from '../../support/lean-catalog.js';

const DAY = 86_400_000;
const W47 = parseIsoWeek('2026-W47');
const W48 = parseIsoWeek('2026-W48');
const folder = (label: string) => `reports/P2test/${label}/`;

/** The access review reads the directory, not the tables: one table of the week's grants is kept. */
const catalog = (() => {
  const result = validateReportCatalog({
    privilegedRoles: ['Tenant Admin'],
    tenants: { enabled: true, include: ['T1', 'T2'] },
    disable: disableAllBut('role-grants'),
  });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.catalog;
})();

const member = (id: string, roles: Array<[string, string]>): DirectoryUser => ({
  userId: id,
  loginIds: [`${id}@corp.example`],
  name: id,
  status: 'enabled',
  createdTime: W47.from - 10 * DAY,
  roles: roles.map(([tenantId, role]) => ({ tenantId, tenantName: '', role })),
  factors: { totp: true, webauthn: true, password: false, sso: false, oauth: [] },
  lastLogin: W47.from,
});
const keyOf = (id: string, tenantId: string): DirectoryKey => ({
  id,
  name: id,
  status: 'active',
  createdTime: W47.from,
  expireTime: W48.to + 30 * DAY,
  createdBy: 'ops',
  boundUserId: '',
  permittedIps: [],
  roles: [{ tenantId, tenantName: '', role: 'Viewer' }],
});

/** A directory whose users change between runs; counts its requests. */
function fakeDirectory(users: DirectoryUser[], keys: DirectoryKey[]) {
  const state = { users, keys, requests: 0 };
  const source: DirectorySource = {
    async searchUsers(page, limit) {
      state.requests += 1;
      const slice = state.users.slice(page * limit, (page + 1) * limit);
      return { users: slice, received: slice.length, malformed: 0, total: state.users.length };
    },
    async searchAccessKeys() {
      state.requests += 1;
      return { keys: state.keys, malformed: 0 };
    },
  };
  return { source, state };
}

function mailer() {
  const sent: EmailMessage[] = [];
  const fake: Mailer = {
    async send(message) {
      sent.push(message);
      return { messageId: `m${sent.length}` };
    },
  };
  return { fake, sent };
}

const run = (period: typeof W47, deps: Parameters<typeof runWeeklyReport>[1]) =>
  runWeeklyReport(
    {
      projectId: 'P2test',
      period,
      now: period.to + DAY,
      catalog,
      maxResultWindow: 10_000,
      resend: false,
      sender: 'reports@example.com',
      recipients: ['lead@example.com'],
      runId: `run-${period.label}`,
      accessReview: { enabled: true, dormantDays: 90, keyExpiryHorizonDays: 365 },
    },
    deps,
  );

describe('the access review in the weekly run', () => {
  it('stores the snapshot and its CSVs (in the manifest), diffs the next week, and reminds while a review is pending', async () => {
    const { store, text } = inMemoryReportStore();
    const directory = fakeDirectory(
      [member('alice', [['T1', 'Tenant Admin']]), member('bob', [['T2', 'Viewer']])],
      [keyOf('K1', 'T1'), keyOf('K2', 'T2')],
    );
    const grant = auditRecord({
      action: 'UserModified',
      occurred: W48.from + DAY,
      userId: 'bob',
      tenants: ['T2'],
      data: { Change: { added_multi_tenant_roles: ['Tenant Admin'] } },
    });
    const search = inMemorySearchApi([grant]).api;

    await run(W47, { search, store, directory: directory.source, mailer: mailer().fake });
    const manifest = JSON.parse(text(`${folder('2026-W47')}manifest.json`)).files.map(
      (f: { name: string }) => f.name,
    );
    expect(manifest).toEqual(
      expect.arrayContaining([
        'access/snapshot.json',
        'access/role-holders.csv',
        'access/access-keys.csv',
        'tenants/T1/access/snapshot.json',
      ]),
    );
    expect(directory.state.requests).toBe(2);
    expect(text(`${folder('2026-W47')}report.html`)).toContain(
      '<a href="access/attestation.json"><code>access/attestation.json</code></a> (pending until present)',
    );

    // Bob becomes Tenant Admin in T2 instead of Viewer (with an audit event); carol in T1 (without one).
    directory.state.users = [
      member('alice', [['T1', 'Tenant Admin']]),
      member('bob', [['T2', 'Tenant Admin']]),
      member('carol', [['T1', 'Tenant Admin']]),
    ];
    const pending = mailer();
    const w48 = await run(W48, { search, store, directory: directory.source, mailer: pending.fake });
    if (w48.state !== 'finished') throw new Error('expected a finished run');
    const summary = JSON.parse(text(`${folder('2026-W48')}summary.json`));
    expect(summary.accessReview).toMatchObject({
      privilegedPrincipals: 3,
      previousSnapshot: { period: '2026-W47', privilegedPrincipals: 1 },
      changes: { granted: 2, revoked: 1, changed: 0 },
      previousReviewPending: true,
    });
    expect(summary.findings.map((f: { title: string }) => f.title)).toContain(
      'Privilege without an audit trail: Tenant Admin in tenant T1',
    );
    expect(summary.findings.map((f: { title: string }) => f.title)).not.toContain(
      'Privilege without an audit trail: Tenant Admin in tenant T2',
    );
    expect(pending.sent[0]?.text).toContain('REMINDER: The access review of 2026-W47 is still pending');
    expect(text(`${folder('2026-W48')}report.html`)).toContain('Privileged principals');

    // The tenant's review lists only its own members and keys.
    const t2 = JSON.parse(text(`${folder('2026-W48')}tenants/T2/access/snapshot.json`));
    expect(t2.users.map((u: { userId: string }) => u.userId)).toEqual(['bob']);
    expect(t2.keys.map((k: { id: string }) => k.id)).toEqual(['K2']);
    expect(text(`${folder('2026-W48')}tenants/T2/report.html`)).not.toMatch(/alice|carol|K1/);
    expect(text(`${folder('2026-W48')}tenants/T2/access/role-holders.csv`)).not.toMatch(/alice|carol/);
  });

  it('stores an attestation beside the report without rewriting it; the next run no longer reminds, and a re-run shows the sign-off', async () => {
    const { store, text, objects } = inMemoryReportStore();
    const directory = fakeDirectory([member('alice', [['T1', 'Tenant Admin']])], []);
    const search = inMemorySearchApi([]).api;
    await run(W47, { search, store, directory: directory.source });
    const before = new Map([...objects].map(([k, v]) => [k, Buffer.from(v)]));
    const { key, attestation } = await recordAttestation(store, {
      projectId: 'P2test',
      period: '2026-W47',
      reviewer: 'reviewer@corp.example',
      decision: 'approved',
      note: 'ok',
      now: W48.from,
      supersede: false,
    });
    expect(key).toBe(`${folder('2026-W47')}access/attestation.json`);
    for (const [k, v] of before) expect(objects.get(k)?.equals(v), k).toBe(true);
    const stored = JSON.parse(text(key));
    expect(stored).toEqual(attestation);
    expect(stored.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      recordAttestation(store, {
        projectId: 'P2test',
        period: '2026-W47',
        reviewer: 'r@corp.example',
        decision: 'approved',
        now: 0,
        supersede: false,
      }),
    ).rejects.toThrow(/already exists; pass --supersede/);

    const sent = mailer();
    await run(W48, { search, store, directory: directory.source, mailer: sent.fake });
    expect(sent.sent[0]?.text).not.toContain('REMINDER');
    expect(JSON.parse(text(`${folder('2026-W48')}summary.json`)).accessReview.previousReviewPending).toBe(
      false,
    );

    // Re-running the attested week over the same directory finds the sign-off: the report changed, so
    // it is sealed as a new revision beside the first, which stays as it was.
    const first = text(`${folder('2026-W47')}report.html`);
    await run(W47, { search, store, directory: directory.source });
    expect(text(`${folder('2026-W47')}report.html`)).toBe(first);
    expect(text(`${folder('2026-W47')}revisions/2/report.html`)).toContain(
      'Approved by reviewer@corp.example',
    );
  });

  it("takes a user's last login from the evidence when the user object has none", async () => {
    const signIns = validateReportCatalog({
      privilegedRoles: ['Tenant Admin'],
      queries: [
        {
          id: 'sign-ins',
          title: 'Sign-ins',
          filter: { actions: ['LoginSucceed'] },
          aggregation: { kind: 'group', groupBy: [{ column: 'user', field: 'userId' }], count: 'n' },
        },
      ],
    });
    if (!signIns.ok) throw new Error(signIns.problems.join('; '));
    const { store, text } = inMemoryReportStore();
    const quiet = { ...member('quiet', [['T1', 'Tenant Admin']]), lastLogin: undefined };
    const directory = fakeDirectory([quiet, member('alice', [['T1', 'Tenant Admin']])], []);
    const logins = [W47.from + DAY, W47.from + 3 * DAY].map((occurred) =>
      auditRecord({ action: 'LoginSucceed', method: 'password', userId: 'quiet', occurred }),
    );
    const impersonated = auditRecord({
      action: 'LoginSucceed',
      method: 'Impersonate',
      userId: 'quiet',
      occurred: W47.from + 5 * DAY,
    });
    await runWeeklyReport(
      {
        projectId: 'P2test',
        period: W47,
        now: W47.to + DAY,
        catalog: signIns.catalog,
        maxResultWindow: 10_000,
        resend: false,
        sender: 'a@b.example',
        recipients: ['c@d.example'],
        runId: 'r',
        accessReview: { enabled: true, dormantDays: 90, keyExpiryHorizonDays: 365 },
      },
      { search: inMemorySearchApi([...logins, impersonated]).api, store, directory: directory.source },
    );
    const snapshot = JSON.parse(text(`${folder('2026-W47')}access/snapshot.json`));
    const seen = new Map(
      snapshot.users.map((u: { userId: string; lastLoginSeen?: number }) => [u.userId, u.lastLoginSeen]),
    );
    expect(seen.get('quiet')).toBe(W47.from + 3 * DAY);
    expect(seen.get('alice')).toBeUndefined();
    expect(directory.state.requests).toBe(2);
  });

  it('is left out when accessReview.enabled is false', async () => {
    const { store, objects } = inMemoryReportStore();
    const directory = fakeDirectory([member('alice', [['T1', 'Tenant Admin']])], []);
    await runWeeklyReport(
      {
        projectId: 'P2test',
        period: W47,
        now: W47.to + DAY,
        catalog,
        maxResultWindow: 10_000,
        resend: false,
        sender: 'a@b.example',
        recipients: ['c@d.example'],
        runId: 'r',
        accessReview: { enabled: false, dormantDays: 90, keyExpiryHorizonDays: 365 },
      },
      { search: inMemorySearchApi([]).api, store, directory: directory.source },
    );
    expect(directory.state.requests).toBe(0);
    expect([...objects.keys()].some((k) => k.includes('/access/'))).toBe(false);
  });
});
