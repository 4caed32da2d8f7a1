import { describe, expect, it } from 'vitest';
import type { UserPage } from '../../functions/adapters/directory-source.js';
import type { DirectoryUser } from '../../functions/core/access/build-access-snapshot.js';
import { directoryLoadLines, directoryMinutes } from '../../functions/doctor/directory-lines.js';
import type { DirectoryObservation } from '../../functions/doctor/directory-probe.js';
import { findTenantOnlyHolder, reachOf } from '../../functions/doctor/tenant-role-reach.js';

const user = (userId: string, roles: Array<[tenantId: string, role: string]>): DirectoryUser => ({
  userId,
  loginIds: [`${userId}@example.com`],
  name: userId,
  status: 'enabled',
  createdTime: 0,
  roles: roles.map(([tenantId, role]) => ({ tenantId, tenantName: '', role })),
  factors: { totp: false, webauthn: false, password: true, sso: false, oauth: [] },
});
const page = (users: DirectoryUser[], total?: number): UserPage => ({
  users,
  received: users.length,
  malformed: 0,
  total,
});
const settings = { rpm: 100, read: 'role-holders' as const, pageSize: 100, maxPages: 1000 };

describe('directory figures', () => {
  it.each([
    [1, 100, 'within a minute'],
    [100, 100, 'within a minute'],
    [101, 100, 'about 1 minute(s)'],
    [1002, 100, 'about 10 minute(s)'],
    [10_002, 100, 'about 102 minute(s)'],
  ])('%i requests at %i a minute take %s', (requests, rpm, text) => {
    expect(directoryMinutes(requests, rpm)).toBe(text);
  });

  it('counts role list, pages until a short page, and access keys; past the page cap it warns', () => {
    const observation = (holders: number, everyone: number): DirectoryObservation => ({
      roleNames: { ok: true, value: ['Admin'] },
      holders: { ok: true, value: page([], holders) },
      keys: { ok: true, value: { keys: [], malformed: 0 } },
      everyone: { ok: true, value: page([], everyone) },
    });
    // 100k users, 1% role holders: 1,000 holders are 11 pages (the last one empty).
    const [line] = directoryLoadLines(observation(1_000, 100_000), settings);
    expect(line?.status).toBe('ok');
    expect(line?.text).toBe(
      'A weekly run reads the holders of 1 role(s): 1000 user(s), 13 requests (role list, 11 user page(s) of 100, access keys), within a minute at 100 a minute',
    );
    expect(line?.detail).toContain(
      'with ACCESS_REVIEW_DIRECTORY_READ=all (deploy key accessReviewDirectoryRead): every user: 100000 user(s), 1001 requests (1000 user page(s) of 100, access keys), about 10 minute(s) at 100 a minute',
    );
    const [capped] = directoryLoadLines(observation(200_000, 1_000_000), settings);
    expect(capped?.status).toBe('warn');
    expect(capped?.detail).toContain(
      'more than 1000 pages: the run stops there and reports the access review incomplete',
    );
  });
});

describe('a user holding roles only in tenants', () => {
  it('prefers a listed role no sampled user holds at project level', () => {
    const users = [
      user('U1', [['', 'Admin']]),
      user('U2', [['T1', 'Admin']]),
      user('U3', [['T2', 'Tenant Admin']]),
    ];
    expect(findTenantOnlyHolder(users, ['Admin', 'Tenant Admin'])).toEqual({
      userId: 'U3',
      role: 'Tenant Admin',
      tenantId: 'T2',
      listed: true,
    });
    expect(findTenantOnlyHolder(users, [])?.listed).toBe(false);
    expect(
      findTenantOnlyHolder(
        [
          user('U1', [
            ['', 'Admin'],
            ['T1', 'Support'],
          ]),
        ],
        ['Admin'],
      ),
    ).toBeUndefined();
  });

  it('is reached when returned, missed when a short page leaves them out, unknown on a full page', () => {
    const holder = { userId: 'U3', role: 'Tenant Admin', tenantId: 'T2', listed: true };
    expect(reachOf(holder, page([user('U3', [])]), 100)).toBe('reached');
    expect(reachOf(holder, page([user('U1', [])]), 100)).toBe('missed');
    expect(reachOf(holder, page([user('U1', [])]), 1)).toBe('unknown');
  });
});
