import { describe, expect, it } from 'vitest';
import { createTenantAggregators } from '../../../functions/core/aggregation/tenant-aggregators.js';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { TEST_WEEK } from '../../support/query-result-builder.js';

const queries = BUILTIN_QUERIES.filter((q) => q.id === 'failed-logins-by-geo' || q.id === 'lockouts');

describe('per-tenant aggregation', () => {
  it('counts a record for each tenant it names, none without a tenant, and refuses unsafe IDs', () => {
    const tenants = createTenantAggregators(queries, TEST_WEEK, (id) => id !== 'T-excluded');
    for (const record of [
      auditRecord({ tenants: ['T1'] }),
      auditRecord({ tenants: ['T1', 'T2', 'T1'] }),
      auditRecord({ tenants: [] }),
      auditRecord({ tenants: ['../../etc'] }),
      auditRecord({ tenants: ['T-excluded'] }),
      auditRecord({ action: 'LoginExceedMaxAttempts', tenants: ['T2'] }),
    ]) {
      tenants.add(record);
    }
    const finished = tenants.finish(['T3']);
    const records = (id: string) => finished.get(id)?.tables.map((t) => [t.query.id, t.records]);
    expect([...finished.keys()].sort()).toEqual(['T1', 'T2', 'T3']);
    expect(records('T1')).toEqual([
      ['failed-logins-by-geo', 2],
      ['lockouts', 0],
    ]);
    expect(records('T2')).toEqual([
      ['failed-logins-by-geo', 1],
      ['lockouts', 1],
    ]);
    expect(records('T3')).toEqual([
      ['failed-logins-by-geo', 0],
      ['lockouts', 0],
    ]);
    expect([...tenants.rejected]).toEqual([['../../etc', 1]]);
  });
});
