import { describe, expect, it } from 'vitest';
import {
  ANOTHER_TENANT,
  scopeQueryToTenant,
  scopeRecordToTenant,
} from '../../../functions/core/aggregation/tenant-scope.js';
import { queryDefinitionSchema } from '../../../functions/core/query-definition.js';
import { auditRecord } from '../../support/audit-record-builder.js';

describe('a record as a tenant report sees it', () => {
  it('names only that tenant, in tenants and in the role entries of its change details', () => {
    const data = JSON.parse(
      '{"__proto__":"kept","Change":{"__proto__":"kept too","display_name":"x",' +
        '"added_multi_tenant_roles":[{"tenantId":"A","roleNames":["admin"]},{"tenantId":"B","roleNames":["viewer"]},"bare"],' +
        '"removed_multi_tenant_roles":{"A":["old"],"B":["gone"]},' +
        '"added_roles":{"tenantId":"B","roleNames":["x"]}}}',
    );
    const record = auditRecord({ action: 'UserModified', tenants: ['A', 'B'], data });
    const scoped = scopeRecordToTenant(record, 'A');
    expect(scoped.tenants).toEqual(['A']);
    expect(JSON.stringify(scoped.data)).toBe(
      '{"__proto__":"kept","Change":{"__proto__":"kept too","display_name":"x",' +
        '"added_multi_tenant_roles":[{"tenantId":"A","roleNames":["admin"]},"bare"],' +
        '"removed_multi_tenant_roles":{"A":["old"]},"added_roles":[]}}',
    );
    // The evidence's record is left whole.
    expect(record.tenants).toEqual(['A', 'B']);
    expect(JSON.stringify(record.data)).toContain('"B"');
  });

  it('leaves records without change details as they are, apart from tenants', () => {
    const record = auditRecord({ tenants: ['A', 'B'], data: { error_message: 'x' } });
    expect(scopeRecordToTenant(record, 'B')).toEqual({ ...record, tenants: ['B'] });
  });
});

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
