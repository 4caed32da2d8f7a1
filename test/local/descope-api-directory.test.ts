import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousCompleteWeek } from '../../functions/core/period/period.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  generateDemoDirectory,
  OUT_OF_BAND_LOGIN_ID,
} from '../../functions/local/descope-api/demo-directory.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import { callApi, MANAGEMENT_KEY, PROJECT_ID, sdkFor } from './stand-in-client.js';

const now = Date.parse('2026-12-01T10:00:00Z');
const period = previousCompleteWeek(now);
const records = generateDemoAuditData({ now, projectId: PROJECT_ID });
const directoryAt = (at: number) =>
  generateDemoDirectory({ population: createDemoPopulation(), records, at, now });
const rolesOf = (u: { roleNames: string[]; userTenants: Array<{ roleNames: string[] }> }) => [
  ...u.roleNames,
  ...u.userTenants.flatMap((t) => t.roleNames),
];

let standIn: DescopeApiStandIn;
beforeAll(async () => {
  standIn = await createDescopeApiStandIn({
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    directory: directoryAt(period.to),
  });
});
afterAll(() => standIn.close());

describe('the demo directory', () => {
  it('grants the contractor Tenant Admin inside the last complete week, with no audit event naming them', () => {
    const contractor = (at: number) =>
      directoryAt(at).users.find((u) => u.loginIds.includes(OUT_OF_BAND_LOGIN_ID));
    expect(rolesOf(contractor(period.from) ?? { roleNames: [], userTenants: [] })).toEqual(['Support Agent']);
    expect(rolesOf(contractor(period.to) ?? { roleNames: [], userTenants: [] })).toEqual([
      'Support Agent',
      'Tenant Admin',
    ]);
    expect(records.some((r) => r.loginIds.includes(OUT_OF_BAND_LOGIN_ID))).toBe(false);
  });

  it('holds a never-expiring admin key, and every user holds a role (one search page)', () => {
    const directory = directoryAt(period.to);
    expect(directory.keys.find((k) => k.roleNames.includes('admin'))?.expireTime).toBe(0);
    expect(directory.users.every((u) => rolesOf(u).length > 0)).toBe(true);
    expect(directory.users.length).toBeLessThanOrEqual(100);
  });
});

describe('the stand-in user and access-key searches', () => {
  it('answers the SDK with users and a total, paged from page 0', async () => {
    const client = sdkFor(standIn);
    const first = await client.management.user.search({ page: 0, limit: 10 });
    const total = directoryAt(period.to).users.length;
    expect(first.ok).toBe(true);
    expect(first.data?.total).toBe(total);
    expect(first.data?.users).toHaveLength(10);
    const last = await client.management.user.search({ page: Math.floor(total / 10), limit: 10 });
    expect(last.data?.users).toHaveLength(total % 10);
    const keys = await client.management.accessKey.searchAll();
    expect(keys.data?.length).toBe(directoryAt(period.to).keys.length);
  });

  it('filters by tenant and role, refuses a malformed body and an unknown key', async () => {
    const globex = 'T2aB4cD6eF8gH0jK2mN4pQ6rS8';
    const answer = await callApi(standIn, '/v2/mgmt/user/search', {
      tenantIds: [globex],
      roleNames: ['Tenant Admin'],
    });
    const users = answer.json.users as Array<{
      userTenants: Array<{ tenantId: string }>;
      loginIds: string[];
    }>;
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u) => u.userTenants.some((t) => t.tenantId === globex))).toBe(true);
    expect(users.some((u) => u.loginIds.includes(OUT_OF_BAND_LOGIN_ID))).toBe(true);
    expect((await callApi(standIn, '/v2/mgmt/user/search', { limit: 'ten' })).status).toBe(400);
    expect((await callApi(standIn, '/v1/mgmt/accesskey/search', {}, 'Bearer P2other:K')).status).toBe(401);
  });
});
