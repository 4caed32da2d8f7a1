import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID, sdkFor, searchAll } from './stand-in-client.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 12);
const T = Date.UTC(2026, 0, 14);
const SEARCH = '/v1/mgmt/audit/search';

const RECORDS: AuditRecord[] = [
  auditRecord({
    id: 'a1',
    occurred: T,
    userId: 'U1',
    loginIds: ['alice@acme.example'],
    tenants: ['T2aA'],
  }),
  auditRecord({
    id: 'a2',
    occurred: T + 1000,
    action: 'LoginSucceed',
    userId: 'U2',
    geo: 'IL',
    device: 'Mobile',
    method: 'otp',
    remoteAddress: '198.51.100.2',
    loginIds: ['bob@globex.example'],
    type: 'info',
    data: {},
  }),
  auditRecord({
    id: 'a3',
    occurred: T + 2000,
    action: 'UserModified',
    userId: 'U1',
    geo: '',
    tenants: ['T2aB'],
    projectId: PROJECT_ID,
    remoteAddress: '192.0.2.1',
    loginIds: ['user@example.com'],
    actorId: 'ops.admin@acme.example',
    data: { Change: { added_roles: ['Auditor'] } },
    type: 'info',
  }),
  auditRecord({
    id: 'a4',
    occurred: T + 3000,
    userId: 'U3',
    geo: 'DE',
    device: 'Tablet',
    tenants: ['T2aA', 'T2aB'],
  }),
  auditRecord({ id: 'b5', occurred: T + 3000, userId: 'U4', method: 'magiclink' }),
];

let standIn: DescopeApiStandIn;
beforeAll(async () => {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    records: RECORDS,
    now: () => NOW,
    rateLimit: { requests: 10_000, windowMs: 60_000 },
  });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.setRecords(RECORDS));

const idsOf = (audits: readonly unknown[] | undefined) => (audits ?? []).map((a) => (a as { ID: string }).ID);
const window = { from: T - DAY, to: T + DAY };

describe('auth, routing and license', () => {
  it('refuses a missing or wrong Authorization with a 401 in the Descope error format', async () => {
    const missing = await callApi(standIn, SEARCH, {}, null);
    const wrong = await callApi(standIn, SEARCH, {}, `Bearer ${PROJECT_ID}:not-the-key`);
    const otherProject = await callApi(standIn, SEARCH, {}, `Bearer P2other:${MANAGEMENT_KEY}`);
    for (const answer of [missing, wrong, otherProject]) {
      expect(answer.status).toBe(401);
      expect(Object.keys(answer.json).sort()).toEqual(['errorCode', 'errorDescription', 'errorMessage']);
      expect(answer.json.errorCode).toBe('E011004');
    }
    const sdk = await searchAll(sdkFor(standIn, 'wrong-key'), window);
    expect(sdk).toMatchObject({ ok: false, code: 401, error: { errorCode: 'E011004' } });
  });

  it('answers unknown paths and methods with a 404 JSON error', async () => {
    const unknown = await callApi(standIn, '/v1/mgmt/user/search', {});
    const wrongMethod = await callApi(standIn, SEARCH);
    expect([unknown.status, wrongMethod.status]).toEqual([404, 404]);
    expect(unknown.json.errorCode).toBe('E011404');
  });

  it('answers the license handshake the SDK sends at construction, with the key checked', async () => {
    standIn.clearRequests();
    sdkFor(standIn);
    await vi.waitFor(() => expect(standIn.requests.some((r) => r.path === '/v1/mgmt/license')).toBe(true));
    expect(standIn.requests[0]).toMatchObject({ method: 'GET', authorized: true, status: 200 });
    expect((await callApi(standIn, '/v1/mgmt/license')).json).toEqual({ rateLimitTier: 'standin' });
  });
});

describe('wire format', () => {
  it('sends occurred as a string and login IDs as externalIds, with ID, type and actorId', async () => {
    const { json } = await callApi(standIn, SEARCH, { ...window, actions: ['UserModified'] });
    expect(json).toEqual({
      total: 1,
      audits: [
        {
          ID: 'a3',
          projectId: PROJECT_ID,
          userId: 'U1',
          action: 'UserModified',
          occurred: String(T + 2000),
          device: 'Desktop',
          method: 'password',
          geo: '',
          remoteAddress: '192.0.2.1',
          externalIds: ['user@example.com'],
          tenants: ['T2aB'],
          data: { Change: { added_roles: ['Auditor'] } },
          type: 'info',
          actorId: 'ops.admin@acme.example',
        },
      ],
    });
  });

  it('is read by the real SDK, which turns occurred into a number and externalIds into loginIds', async () => {
    const result = await searchAll(sdkFor(standIn), { ...window, actions: ['LoginSucceed'] });
    expect(result.ok).toBe(true);
    expect(result.data?.total).toBe(1);
    expect(result.data?.audits[0]).toMatchObject({ occurred: T + 1000, loginIds: ['bob@globex.example'] });
  });
});

describe('filters', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['actions', { actions: ['LoginFailed'] }, ['b5', 'a4', 'a1']],
    ['excludedActions', { excludedActions: ['LoginFailed'] }, ['a3', 'a2']],
    [
      'actions and excludedActions',
      { actions: ['LoginFailed', 'LoginSucceed'], excludedActions: ['LoginFailed'] },
      ['a2'],
    ],
    ['userIds', { userIds: ['U1'] }, ['a3', 'a1']],
    ['actorIds', { actorIds: ['ops.admin@acme.example'] }, ['a3']],
    ['externalIds', { externalIds: ['alice@acme.example'] }, ['a1']],
    ['devices', { devices: ['Tablet', 'Mobile'] }, ['a4', 'a2']],
    ['methods', { methods: ['magiclink'] }, ['b5']],
    ['geos', { geos: ['IL', 'DE'] }, ['a4', 'a2']],
    ['remoteAddresses', { remoteAddresses: ['198.51.100.2'] }, ['a2']],
    ['tenants', { tenants: ['T2aB'] }, ['a4', 'a3']],
    ['tenants with noTenants', { tenants: ['T2aB'], noTenants: true }, ['b5', 'a4', 'a3', 'a2']],
    ['text (case-insensitive, data included)', { text: 'AUDITOR' }, ['a3']],
    ['several fields (AND)', { actions: ['LoginFailed'], tenants: ['T2aA'], geos: ['US'] }, ['a1']],
  ];
  it.each(cases)('filters by %s', async (_, filter, expected) => {
    const { json } = await callApi(standIn, SEARCH, { ...window, ...filter });
    expect(idsOf(json.audits as unknown[])).toEqual(expected);
    expect(json.total).toBe(expected.length);
  });

  it('receives loginIds from the SDK as externalIds', async () => {
    standIn.clearRequests();
    const result = await searchAll(sdkFor(standIn), { ...window, loginIds: ['alice@acme.example'] });
    expect(idsOf(result.data?.audits)).toEqual(['a1']);
    const sent = standIn.requests.find((r) => r.path === SEARCH);
    expect(sent?.body).toEqual({ ...window, externalIds: ['alice@acme.example'] });
    expect(sent?.unknownFields).toEqual([]);
  });

  it('ignores unknown fields like the real gateway, but logs them', async () => {
    standIn.clearRequests();
    const { json } = await callApi(standIn, SEARCH, { ...window, loginIds: ['alice@acme.example'] });
    expect(json.total).toBe(RECORDS.length);
    expect(standIn.requests[0]?.unknownFields).toEqual(['loginIds']);
  });
});

describe('time range and order', () => {
  it('includes records exactly at from and exactly at to, and nothing outside', async () => {
    const { json } = await callApi(standIn, SEARCH, { from: T + 1000, to: T + 3000 });
    expect(idsOf(json.audits as unknown[])).toEqual(['b5', 'a4', 'a3', 'a2']);
    const none = await callApi(standIn, SEARCH, { from: T + 1, to: T + 999 });
    expect(none.json).toEqual({ audits: [], total: 0 });
  });

  it('reads timestamps sent as decimal strings, as protobuf JSON does', async () => {
    const { json } = await callApi(standIn, SEARCH, { from: String(T), to: String(T) });
    expect(idsOf(json.audits as unknown[])).toEqual(['a1']);
  });

  it('is newest first by default and oldest first on request, ties broken by ID', async () => {
    const newest = await searchAll(sdkFor(standIn), window);
    const oldest = await searchAll(sdkFor(standIn), { ...window, oldestFirst: true });
    expect(idsOf(newest.data?.audits)).toEqual(['b5', 'a4', 'a3', 'a2', 'a1']);
    expect(idsOf(oldest.data?.audits)).toEqual(['a1', 'a2', 'a3', 'a4', 'b5']);
  });

  it('defaults to the whole retention period up to now', async () => {
    const tooNew = auditRecord({ id: 'future', occurred: NOW + 1 });
    const tooOld = auditRecord({ id: 'old', occurred: NOW - 31 * DAY });
    standIn.setRecords([...RECORDS, tooNew, tooOld]);
    const { json } = await callApi(standIn, SEARCH, {});
    expect(idsOf(json.audits as unknown[])).toEqual(['b5', 'a4', 'a3', 'a2', 'a1']);
  });
});
