import { describe, expect, it } from 'vitest';
import { queryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import { ANOTHER_TENANT, scopeQueryToTenant } from '../../../functions/core/catalog/tenant-query-scope.js';

describe('a query as a tenant report states it', () => {
  const query = queryDefinitionSchema.parse({
    id: 'sso-tenants',
    title: 'SSO logins of two tenants',
    filter: { actions: ['LoginSucceed'], tenants: ['A', 'B', 'C'] },
    where: [
      { field: 'tenants', notIn: ['B'] },
      { field: 'method', in: ['saml'] },
    ],
    aggregation: { kind: 'rows', columns: [{ column: 'user_id', field: 'userId' }] },
  });

  it('writes other tenant IDs as another tenant', () => {
    const scoped = scopeQueryToTenant(query, 'A');
    expect(scoped.filter.tenants).toEqual(['A', ANOTHER_TENANT]);
    expect(scoped.where).toEqual([
      { field: 'tenants', notIn: [ANOTHER_TENANT] },
      { field: 'method', in: ['saml'] },
    ]);
    expect(JSON.stringify(scopeQueryToTenant(query, 'D'))).not.toMatch(/"[ABC]"/);
  });
});
