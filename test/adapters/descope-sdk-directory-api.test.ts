import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescopeSdkDirectoryApi } from '../../functions/adapters/descope-sdk-directory-api.js';
import { toDirectoryKey, toDirectoryUser } from '../../functions/adapters/directory-record-schema.js';
import { createReliableDirectory } from '../../functions/adapters/directory-source.js';
import { createReliableAuditSearch } from '../../functions/adapters/reliable-audit-search.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import type { WireUser } from '../../functions/local/descope-api/directory-search-handler.js';
import { collectDirectory } from '../../functions/weekly-report/access-review/collect-directory.js';

/** A user as Descope's documented search answer spells it, extra fields included. */
const realShapedUser = {
  loginIds: ['jane@acme.example'],
  userId: 'U2abc',
  name: 'Jane Doe',
  email: 'jane@acme.example',
  phone: '',
  verifiedEmail: true,
  verifiedPhone: false,
  roleNames: ['admin'],
  userTenants: [
    { tenantId: 'T2acme', roleNames: ['Tenant Admin', 'Viewer'], tenantName: 'Acme', permissions: ['x'] },
    { tenantId: 'T2globex', roleNames: null, tenantName: 'Globex' },
  ],
  status: 'enabled',
  externalIds: ['jane@acme.example'],
  picture: '',
  test: false,
  customAttributes: {},
  createdTime: 1_700_000_000,
  TOTP: true,
  SAML: false,
  OAuth: { google: true, github: false },
  webauthn: false,
  password: true,
  ssoAppIds: [],
  editable: true,
  SCIM: false,
  push: false,
  permissions: [],
};

describe('parsing Descope user and access-key search answers', () => {
  it('reads roles project-wide and per tenant, factors and created time (seconds) from a real-shaped user', () => {
    expect(toDirectoryUser(realShapedUser)).toEqual({
      userId: 'U2abc',
      loginIds: ['jane@acme.example'],
      name: 'Jane Doe',
      status: 'enabled',
      createdTime: 1_700_000_000_000,
      roles: [
        { tenantId: '', tenantName: '', role: 'admin' },
        { tenantId: 'T2acme', tenantName: 'Acme', role: 'Tenant Admin' },
        { tenantId: 'T2acme', tenantName: 'Acme', role: 'Viewer' },
      ],
      factors: { totp: true, webauthn: false, password: true, sso: false, oauth: ['google'] },
    });
  });

  it('refuses an entry that is not a user, and reads a key whose expiry is 0 as never', () => {
    expect(toDirectoryUser({ loginIds: ['x'] })).toBeUndefined();
    const key = toDirectoryKey({
      id: 'K2x',
      name: 'ci',
      roleNames: [],
      keyTenants: [{ tenantId: 'T2acme', roleNames: ['Tenant Admin'], tenantName: 'Acme' }],
      status: 'active',
      createdTime: 1_700_000_000,
      expireTime: 0,
      createdBy: 'ops@acme.example',
      clientId: 'C2',
      permittedIps: ['203.0.113.0/24'],
    });
    expect(key).toMatchObject({
      expireTime: 0,
      roles: [{ tenantId: 'T2acme', tenantName: 'Acme', role: 'Tenant Admin' }],
      permittedIps: ['203.0.113.0/24'],
      boundUserId: '',
    });
  });
});

const wireUser = (n: number): WireUser => ({
  userId: `U${String(n).padStart(4, '0')}`,
  loginIds: [`user${n}@corp.example`],
  name: `User ${n}`,
  email: `user${n}@corp.example`,
  status: 'enabled',
  createdTime: 1_700_000_000,
  roleNames: n % 2 === 0 ? ['admin'] : [],
  userTenants: [],
  TOTP: false,
  SAML: false,
  webauthn: false,
  password: true,
  OAuth: {},
  test: false,
});

describe('reading the directory through the SDK against the stand-in', () => {
  let standIn: DescopeApiStandIn;
  beforeAll(async () => {
    standIn = await createDescopeApiStandIn({
      projectId: 'P2directoryTest',
      managementKey: 'K-test',
      directory: { users: Array.from({ length: 250 }, (_, n) => wireUser(n)), keys: [] },
    });
  });
  afterAll(() => standIn.close());

  const source = () => {
    const limiter = createReliableAuditSearch(
      { search: () => Promise.reject(new Error('unused')) },
      { requestsPerMinute: 100, maxAttempts: 2, minBackoffMs: 1 },
    );
    const api = createDescopeSdkDirectoryApi({
      projectId: 'P2directoryTest',
      managementKey: 'K-test',
      baseUrl: standIn.url,
      timeoutMs: 5000,
    });
    return { limiter, directory: createReliableDirectory(api, limiter) };
  };

  it('pages the user search (zero-based pages of 100) until a short page, then reads the keys, all through the limiter', async () => {
    standIn.clearRequests();
    const { limiter, directory } = source();
    const read = await collectDirectory(directory);
    await limiter.stop();
    const searches = standIn.requests.filter((r) => r.path === '/v2/mgmt/user/search');
    expect(searches.map((r) => r.body)).toEqual(
      [0, 1, 2].map((page) => expect.objectContaining({ page, limit: 100 })),
    );
    expect(standIn.requests.filter((r) => r.path === '/v1/mgmt/accesskey/search')).toHaveLength(1);
    expect(searches.every((r) => r.authorized && r.unknownFields.length === 0)).toBe(true);
    // Every user is read; only the 125 holding a role are kept.
    expect(read.users).toHaveLength(125);
    expect(read.coverage).toEqual({
      usersRead: 250,
      usersTotal: 250,
      keysRead: 0,
      malformed: 0,
      complete: true,
      notes: [],
    });
    expect(limiter.stats.requests).toBe(4);
  });

  it('stops at the page limit: complete when the total says every user was read, else says what is missing', async () => {
    const exact = source();
    const all = await collectDirectory(exact.directory, { pageSize: 125, maxPages: 2 });
    await exact.limiter.stop();
    expect(all.coverage).toMatchObject({ usersRead: 250, usersTotal: 250, complete: true, notes: [] });
    const short = source();
    const part = await collectDirectory(short.directory, { pageSize: 100, maxPages: 2 });
    await short.limiter.stop();
    expect(part.coverage).toMatchObject({ usersRead: 200, usersTotal: 250, complete: false });
    expect(part.coverage.notes).toEqual(['user search stopped after 2 pages of 100']);
  });

  it('says the read is incomplete when a page keeps failing, never a shorter list', async () => {
    standIn.clearRequests();
    const { limiter, directory } = source();
    standIn.injectFaults(['http500', 'http500']);
    const read = await collectDirectory(directory);
    await limiter.stop();
    expect(read.coverage.complete).toBe(false);
    expect(read.coverage.notes[0]).toMatch(
      /^user search failed at page 0: Descope user search failed: HTTP 500/,
    );
  });
});
