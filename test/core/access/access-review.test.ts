import { describe, expect, it } from 'vitest';
import { reviewAccess } from '../../../functions/core/access/access-review.js';
import { accessKeysTable, roleHoldersTable } from '../../../functions/core/access/access-tables.js';
import { buildAccessView } from '../../../functions/core/access/access-view.js';
import { buildAttestation } from '../../../functions/core/access/attestation.js';
import {
  scopeAccessSnapshot,
  TENANT_INCOMPLETE_NOTE,
} from '../../../functions/core/access/build-access-snapshot.js';
import { renderCsv } from '../../../functions/core/view/csv.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { builtinResult, TEST_WEEK } from '../../support/query-result-builder.js';
import { DAY, directory, key, NOW, snapshotOf, user } from './access-builders.js';

const settings = { dormantDays: 90, keyExpiryHorizonDays: 365 };
const findingsOf = (review: ReturnType<typeof reviewAccess>, rule: string) =>
  review.findings.find((o) => o.rule === rule)?.findings ?? [];

const previous = snapshotOf(
  directory([user('alice', [['', 'admin']]), user('bob', [['T1', 'Viewer']])]),
  '2026-W47',
  NOW - 7 * DAY,
);

describe('the access review diff against the previous stored snapshot', () => {
  const current = snapshotOf(
    directory([
      user('alice', [['', 'admin']], { status: 'disabled' }),
      user('bob', [
        ['T1', 'Viewer'],
        ['T1', 'Tenant Admin'],
      ]),
      user('carol', [['T2', 'Tenant Admin']]),
    ]),
  );

  it('lists grants, revocations and status changes, and flags the privileged grant no audit event explains', async () => {
    const grants = await builtinResult('role-grants', [
      auditRecord({
        action: 'UserModified',
        occurred: TEST_WEEK.from + DAY,
        userId: 'bob',
        loginIds: ['bob@corp.example'],
        tenants: ['T1'],
        actorId: 'ops@corp.example',
        data: { Change: { added_multi_tenant_roles: ['tenant admin'] } },
      }),
      // Carol's grant is in another tenant than the one she holds the role in: it explains nothing.
      auditRecord({
        action: 'UserModified',
        occurred: TEST_WEEK.from + DAY,
        userId: 'carol',
        tenants: ['T3'],
        data: { Change: { added_multi_tenant_roles: ['Tenant Admin'] } },
      }),
    ]);
    const review = reviewAccess({
      snapshot: current,
      previous: { snapshot: previous, consecutive: true, attested: false },
      results: [grants],
      settings,
    });
    expect(review.changes.map((c) => [c.kind, c.id, c.tenantId, c.role])).toEqual([
      ['granted', 'bob', 'T1', 'Tenant Admin'],
      ['granted', 'carol', 'T2', 'Tenant Admin'],
      ['changed', 'alice', '', ''],
    ]);
    expect(review.changes[2]?.detail).toBe('status enabled → disabled');
    expect(review.grants.map((g) => g.event)).toEqual([
      'UserModified 2026-11-17 00:00 UTC by ops@corp.example',
      '',
    ]);
    const unexplained = findingsOf(review, 'privilege-without-audit-trail');
    expect(unexplained).toHaveLength(1);
    expect(unexplained[0]).toMatchObject({
      severity: 'high',
      title: 'Privilege without an audit trail: Tenant Admin in tenant T2',
    });
    expect(review.previous).toEqual({ period: '2026-W47', privilegedPrincipals: 1, attested: false });
    expect(review.privilegedPrincipals).toBe(3);
    expect(buildAccessView(review).reminder).toContain('2026-W47 is still pending');
  });

  it('lists a revocation and matches a key grant to its AccessKeyCreated event', async () => {
    const before = snapshotOf(directory([user('bob', [['T1', 'Viewer']])]), '2026-W47');
    const after = snapshotOf(directory([user('bob', [])], [key('K1', [['', 'admin']])]));
    const keys = await builtinResult('access-keys', [
      auditRecord({
        action: 'AccessKeyCreated',
        occurred: TEST_WEEK.from,
        actorId: 'ops',
        data: { key_id: 'K1', name: 'ci' },
      }),
    ]);
    const review = reviewAccess({
      snapshot: after,
      previous: { snapshot: before, consecutive: true, attested: true },
      results: [keys],
      settings,
    });
    expect(review.changes.map((c) => [c.kind, c.principal, c.role])).toEqual([
      ['granted', 'key', 'admin'],
      ['revoked', 'user', 'Viewer'],
    ]);
    expect(review.grants[0]?.event).toBe('AccessKeyCreated 2026-11-16 00:00 UTC by ops');
    expect(findingsOf(review, 'privilege-without-audit-trail')).toEqual([]);
    expect(buildAccessView(review).reminder).toBe('');
  });

  it('is a baseline without a previous snapshot: no changes, the trail rule says why it was not evaluated', async () => {
    const review = reviewAccess({ snapshot: current, results: [], settings });
    expect(review.changes).toEqual([]);
    expect(review.findings[0]?.status).toBe(
      'not evaluated: no previous snapshot is stored; this snapshot is the baseline',
    );
    expect(buildAccessView(review).changesNote).toMatch(/^No previous snapshot is stored/);
  });
});

describe('hygiene findings', () => {
  const snapshot = snapshotOf(
    directory(
      [
        user('nomfa', [['', 'admin']], {
          factors: { totp: false, webauthn: false, password: true, sso: false, oauth: ['google'] },
        }),
        user('sso', [['', 'admin']], {
          factors: { totp: false, webauthn: false, password: false, sso: true, oauth: [] },
        }),
        user('off', [['T1', 'Tenant Admin']], { status: 'disabled' }),
        user('sleepy', [['T1', 'Tenant Admin']], { lastLogin: NOW - 120 * DAY }),
        user('quiet', [['T1', 'Tenant Admin']], { lastLogin: undefined }),
        user('seen', [['T1', 'Tenant Admin']], { lastLogin: undefined, lastLoginSeen: NOW - 3 * DAY }),
        user('newbie', [['T1', 'Tenant Admin']], { lastLogin: undefined, createdTime: NOW - 5 * DAY }),
        user('plain', [['T1', 'Viewer']], {
          factors: { totp: false, webauthn: false, password: true, sso: false, oauth: [] },
        }),
      ],
      [
        key('forever', [['', 'admin']], { expireTime: 0 }),
        key('far', [['T1', 'Tenant Admin']], { expireTime: NOW + 800 * DAY }),
        key('near', [['T1', 'Tenant Admin']], { expireTime: NOW + 100 * DAY }),
        key('off', [['', 'admin']], { expireTime: 0, status: 'inactive' }),
        key('viewer', [['', 'Viewer']], { expireTime: 0 }),
      ],
    ),
  );
  const review = reviewAccess({ snapshot, results: [], settings });
  const titles = (rule: string) => findingsOf(review, rule).map((f) => `${f.severity} ${f.title}`);

  it('flags privileged users with no second factor (SSO users left to their IdP)', async () => {
    expect(titles('privileged-without-second-factor')).toEqual([
      'high Privileged user without a second factor: nomfa@corp.example',
    ]);
  });

  it('flags disabled users still holding a privileged role', async () => {
    expect(titles('disabled-privileged-user')).toEqual([
      'medium Disabled user still holds a privileged role: off@corp.example',
    ]);
  });

  it('flags privileged keys that never expire (high) or expire past the horizon (medium), not inactive or unprivileged ones', async () => {
    expect(titles('privileged-key-expiry')).toEqual([
      'medium Privileged access key expires beyond 365 days: key far (far)',
      'high Privileged access key never expires: key forever (forever)',
    ]);
  });

  it('flags dormant privileged users and says where the last login came from', async () => {
    const dormant = findingsOf(review, 'dormant-privileged-user');
    expect(dormant.map((f) => f.title)).toEqual([
      'Privileged user dormant for 90+ days: quiet@corp.example',
      'Privileged user dormant for 90+ days: sleepy@corp.example',
    ]);
    expect(dormant[0]?.detail).toContain(
      'no login seen (the user object has no lastLogin and the stored evidence shows none)',
    );
    expect(dormant[1]?.detail).toContain('from the user object (lastLogin)');
    const seen = roleHoldersTable(snapshot).rows.find((r) => r[0] === 'seen');
    expect(seen?.slice(-1)).toEqual(['stored evidence']);
  });
});

describe('tenant scoping', () => {
  it("keeps only the tenant's members and keys, with only that tenant's roles", async () => {
    const snapshot = snapshotOf(
      directory(
        [
          user('a', [
            ['T1', 'Tenant Admin'],
            ['T2', 'Viewer'],
            ['', 'admin'],
          ]),
          user('b', [['T2', 'Tenant Admin']]),
        ],
        [key('k1', [['T1', 'Viewer']]), key('k2', [['T2', 'Tenant Admin']]), key('k3', [['', 'admin']])],
      ),
    );
    const t1 = scopeAccessSnapshot(snapshot, 'T1');
    expect(t1.users.map((u) => [u.userId, u.roles.map((r) => `${r.tenantId}/${r.role}`)])).toEqual([
      ['a', ['T1/Tenant Admin']],
    ]);
    expect(t1.keys.map((k) => k.id)).toEqual(['k1']);
    expect(t1.scope).toEqual({ kind: 'tenant', tenantId: 'T1' });
    expect(JSON.stringify(t1)).not.toContain('T2');
    expect(t1.coverage).toMatchObject({ usersRead: 1, keysRead: 1 });
  });

  it("carries none of the project's coverage notes or counts, only that the read was incomplete", () => {
    const read = directory([user('a', [['T1', 'Viewer']]), user('b', [['T2', 'Viewer']])]);
    const snapshot = snapshotOf({
      ...read,
      coverage: {
        usersRead: 4817,
        usersTotal: 5203,
        keysRead: 0,
        malformed: 37,
        complete: false,
        notes: [
          'user search returned 4817 users but Descope reported a total of 5203',
          '37 users or keys were answered in a shape that could not be read',
        ],
      },
    });
    const t1 = scopeAccessSnapshot(snapshot, 'T1');
    expect(t1.coverage).toEqual({
      usersRead: 1,
      keysRead: 0,
      malformed: 0,
      complete: false,
      notes: [TENANT_INCOMPLETE_NOTE],
    });
    for (const figure of ['4817', '5203', '37']) expect(JSON.stringify(t1)).not.toContain(figure);
    const complete = scopeAccessSnapshot(snapshotOf(read), 'T1');
    expect(complete.coverage).toEqual({ usersRead: 1, keysRead: 0, malformed: 0, complete: true, notes: [] });
  });
});

describe('access CSVs', () => {
  it('quotes and neutralises formula-shaped values', async () => {
    const snapshot = snapshotOf(
      directory([user('=cmd', [['', '=HYPERLINK("x")']])], [key('k', [['', '+SUM(1)']], { name: '@evil' })]),
    );
    const holders = renderCsv(roleHoldersTable(snapshot));
    expect(holders).toContain(`"'=HYPERLINK(""x"")"`);
    expect(holders.split('\r\n')[1]?.startsWith(`"'=cmd"`)).toBe(true);
    const keys = renderCsv(accessKeysTable(snapshot));
    expect(keys).toContain(`"'@evil"`);
    expect(keys).toContain(`"'+SUM(1)"`);
  });
});

describe('the sign-off state a report shows', () => {
  const snapshot = snapshotOf(directory([user('alice', [['', 'admin']])]));
  const signed = (sha256: string) =>
    Buffer.from(
      JSON.stringify(
        buildAttestation({
          projectId: 'P2test',
          scope: { kind: 'project' },
          period: '2026-W48',
          reviewer: 'reviewer@corp.example',
          decision: 'approved',
          at: NOW,
          snapshotSha256: sha256,
        }),
      ),
    );

  it('is pending without an attestation, approved when its hash matches, and asks for a new review when it does not', async () => {
    const pending = reviewAccess({ snapshot, results: [], settings });
    expect(buildAccessView(pending)).toMatchObject({
      attestationPending: true,
      attestationHref: 'access/attestation.json',
    });
    const matching = reviewAccess({
      snapshot,
      results: [],
      settings,
      storedAttestation: signed(pending.snapshotSha256),
    });
    expect(buildAccessView(matching).attestation).toMatch(
      /^Approved by reviewer@corp.example at .*, for this snapshot \(SHA-256 matches\)\.$/,
    );
    const stale = reviewAccess({
      snapshot,
      results: [],
      settings,
      storedAttestation: signed('0'.repeat(64)),
    });
    expect(buildAccessView(stale).attestation).toContain('for a DIFFERENT snapshot');
    const garbage = reviewAccess({
      snapshot,
      results: [],
      settings,
      storedAttestation: Buffer.from('{"decision":"approved"}'),
    });
    expect(buildAccessView(garbage).attestation).toBe(
      'access/attestation.json exists but is not a valid attestation.',
    );
  });
});
