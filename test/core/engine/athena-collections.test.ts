import { describe, expect, it } from 'vitest';
import { planCollections } from '../../../functions/core/catalog/query-plan.js';
import { defaultReportCatalog } from '../../../functions/core/catalog/report-catalog.js';
import {
  filterConditions,
  runNeeds,
  splitCollections,
} from '../../../functions/core/engine/athena-collections.js';

const plans = planCollections(defaultReportCatalog().queries);
const byId = (id: string) => plans.find((p) => p.id === id);

describe('the collection filter as record conditions', () => {
  it('keeps actions, excluded actions and each list field, AND across fields; empty lists filter nothing', () => {
    expect(
      filterConditions({
        actions: ['LoginFailed'],
        excludedActions: ['Logout'],
        userIds: [],
        loginIds: ['a@b'],
        tenants: ['T1'],
      }),
    ).toEqual({
      ok: true,
      where: [
        { field: 'action', in: ['LoginFailed'] },
        { field: 'action', notIn: ['Logout'] },
        { field: 'loginIds', in: ['a@b'] },
        { field: 'tenants', in: ['T1'] },
      ],
    });
  });

  it('has no form for text or noTenants with tenants', () => {
    expect(filterConditions({ text: 'x' }).ok).toBe(false);
    expect(filterConditions({ tenants: ['T1'], noTenants: true }).ok).toBe(false);
  });
});

describe('which collections Athena computes', () => {
  it('with tenant reports on, keeps on DuckDB a collection one of whose tenant tables has no Trino form', () => {
    const split = splitCollections(plans, { tenants: true, latestLogins: false });
    const reason = new Map(split.onDuckDb.map((c) => [c.collection, c.reason]));
    // A tenant's role-change expansions are DuckDB's only: role-changes stays, with every tenant table.
    expect(reason.get('role-changes')).toMatch(/a tenant's .* expansion is emitted for DuckDB only/);
    expect(reason.get('login-failures')).toBeUndefined();
    expect(split.onAthena.map((p) => p.id)).toContain('login-failures');
    const off = splitCollections(plans, { tenants: false, latestLogins: false });
    expect(split.onAthena.length).toBe(off.onAthena.length - 1);
  });

  it('gives Athena a collection only when it computes all the report needs of it', () => {
    const split = splitCollections(plans, { tenants: false, latestLogins: false });
    const reason = new Map(split.onDuckDb.map((c) => [c.collection, c.reason]));
    // The address totals the address-spike finding reads and the project's role-change
    // expansions have Trino statements: their collections go to Athena.
    expect(reason.get('login-failures')).toBeUndefined();
    expect(reason.get('role-changes')).toBeUndefined();
    expect(split.onAthena.map((p) => p.id)).toEqual(
      expect.arrayContaining(['login-failures', 'role-changes']),
    );
    // Successful logins too: the stream's SQL over them has a Trino statement. What stays: the
    // look-back built-in (stored history, not the period's partitions).
    expect(split.onAthena.map((p) => p.id)).toContain('successful-logins');
    expect([...reason.keys()]).toEqual(['privileged-history']);
    expect(reason.get('privileged-history')).toMatch(/reaches back 180 days/);
    expect(split.onAthena.length).toBeGreaterThan(0);
    for (const plan of split.onAthena) {
      const original = byId(plan.id);
      // Each query carries its collection's filter, then its own conditions.
      for (const [i, query] of plan.queries.entries()) {
        const own = original?.queries[i]?.where ?? [];
        expect(query.where.slice(query.where.length - own.length)).toEqual(own);
        if (original?.filter.actions?.length)
          expect(query.where[0]).toEqual({ field: 'action', in: original.filter.actions });
      }
    }
  });

  it('puts successful-logins on Athena whether the access review reads latest logins or not', () => {
    const split = splitCollections(plans, { tenants: false, latestLogins: true });
    expect(split.onAthena.map((p) => p.id)).toContain('successful-logins');
    expect(split.onDuckDb.map((c) => c.collection)).toEqual(['privileged-history']);
    // Only when the review is on: its settings are present when it is off too.
    expect(runNeeds(false, { enabled: true })).toEqual({ tenants: false, latestLogins: true });
    expect(runNeeds(true, { enabled: false })).toEqual({ tenants: true, latestLogins: false });
    expect(runNeeds(false)).toEqual({ tenants: false, latestLogins: false });
    const off = splitCollections(plans, runNeeds(false, { enabled: false }));
    expect(off.onAthena.map((p) => p.id)).toContain('successful-logins');
  });
});
