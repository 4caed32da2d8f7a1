import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDescopeRoleRemover } from '../../functions/adapters/descope-role-remover.js';
import type { CampaignItem } from '../../functions/core/access/campaign.js';
import {
  createDescopeApiStandIn,
  type DescopeApiStandIn,
} from '../../functions/local/descope-api/descope-api-stand-in.js';
import type { WireUser } from '../../functions/local/descope-api/directory-search-handler.js';
import { DescopeAuditError } from '../../functions/shared/errors.js';
import { demoCampaign } from '../core/access/campaign-builders.js';

const PROJECT = 'P2roleremoval';
const KEY = 'K2-role-removal-key';

const wireUser = (
  userId: string,
  roleNames: string[],
  userTenants: WireUser['userTenants'] = [],
): WireUser => ({
  userId,
  loginIds: [`${userId}@corp.example`],
  name: userId,
  email: `${userId}@corp.example`,
  status: 'enabled',
  createdTime: 1_700_000_000,
  roleNames,
  userTenants,
  TOTP: false,
  SAML: false,
  webauthn: false,
  password: true,
  OAuth: {},
  test: false,
});

let api: DescopeApiStandIn;
const campaign = demoCampaign();
const itemOf = (label: string, role: string): CampaignItem => {
  const item = campaign.items.find((i) => i.principal.label.startsWith(label) && i.role === role);
  if (!item) throw new Error(`no item ${label} ${role}`);
  return item;
};

beforeAll(async () => {
  api = await createDescopeApiStandIn({ projectId: PROJECT, managementKey: KEY });
});
afterAll(() => api.close());

function remover(managementKey = KEY) {
  const limiter = {
    runs: 0,
    async run<T>(call: () => Promise<T>) {
      limiter.runs += 1;
      return call();
    },
  };
  const remove = createDescopeRoleRemover(
    { projectId: PROJECT, managementKey, baseUrl: api.url, timeoutMs: 5_000 },
    limiter,
  );
  return { remove, limiter };
}

async function failureOf(attempt: Promise<unknown>): Promise<DescopeAuditError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DescopeAuditError);
  return error as DescopeAuditError;
}

describe('removing a revoked role in Descope', () => {
  it('removes a project role from the user, under the limiter, and the trail records it', async () => {
    api.setDirectory({ users: [wireUser('alice', ['admin', 'viewer'])], keys: [] });
    const { remove, limiter } = remover();
    expect(await remove.removeRole(itemOf('alice', 'admin'))).toBe(true);
    expect(limiter.runs).toBe(1);
    expect(api.directory.users[0]?.roleNames).toEqual(['viewer']);
    expect(api.createdEvents.at(-1)?.data).toEqual({ Change: { removed_roles: ['admin'] } });
  });

  it("removes a tenant role only in the item's tenant", async () => {
    api.setDirectory({
      users: [
        wireUser(
          'bob',
          ['Tenant Admin'],
          [
            { tenantId: 'T1', tenantName: 'One', roleNames: ['Tenant Admin', 'Viewer'] },
            { tenantId: 'T2', tenantName: 'Two', roleNames: ['Tenant Admin'] },
          ],
        ),
      ],
      keys: [],
    });
    const item = itemOf('bob', 'Tenant Admin');
    expect(item.tenantId).toBe('T1');
    expect(await remover().remove.removeRole(item)).toBe(true);
    const bob = api.directory.users[0];
    expect(bob?.userTenants.map((t) => [t.tenantId, t.roleNames])).toEqual([
      ['T1', ['Viewer']],
      ['T2', ['Tenant Admin']],
    ]);
    expect(bob?.roleNames).toEqual(['Tenant Admin']);
  });

  it('leaves an access key for a person: nothing is sent', async () => {
    const key = campaign.items.find((i) => i.principal.kind !== 'user');
    if (!key) throw new Error('the demo campaign has no access key item');
    api.clearRequests();
    const { remove, limiter } = remover();
    expect(await remove.removeRole(key)).toBe(false);
    expect(limiter.runs).toBe(0);
    expect(api.requests).toHaveLength(0);
  });

  it("fails with Descope's refusal, not retryable, when the user is not there", async () => {
    api.setDirectory({ users: [], keys: [] });
    const error = await failureOf(remover().remove.removeRole(itemOf('alice', 'admin')));
    expect(error.message).toMatch(/^Descope role removal failed: HTTP 400 /);
    expect(error.details.retryable).toBe(false);
  });

  it('fails a refused management key without showing it', async () => {
    const error = await failureOf(remover('K2-wrong-key').remove.removeRole(itemOf('alice', 'admin')));
    expect(error.message).toMatch(/^Descope role removal failed: HTTP 401 /);
    expect(error.message).not.toContain('K2-wrong-key');
  });

  it('fails a server error as retryable, and an error page as a transport failure', async () => {
    api.setDirectory({ users: [wireUser('alice', ['admin'])], keys: [] });
    api.injectFaults(['http503']);
    const unavailable = await failureOf(remover().remove.removeRole(itemOf('alice', 'admin')));
    expect(unavailable.details.retryable).toBe(true);
    expect(unavailable.message).toMatch(/HTTP 503/);
    api.injectFaults(['html502']);
    const page = await failureOf(remover().remove.removeRole(itemOf('alice', 'admin')));
    expect(page.details.retryable).toBe(true);
    expect(page.message).toMatch(/not JSON/);
  });
});
