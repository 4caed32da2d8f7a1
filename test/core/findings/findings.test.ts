import { describe, expect, it } from 'vitest';
import { findAddressSpikes } from '../../../functions/core/findings/address-findings.js';
import { findCountryAnomalies } from '../../../functions/core/findings/country-findings.js';
import { evaluateFindings, listFindings } from '../../../functions/core/findings/evaluate-findings.js';
import { MAX_FINDINGS_PER_RULE } from '../../../functions/core/findings/finding.js';
import { findImpersonations } from '../../../functions/core/findings/impersonation-findings.js';
import { findPrivilegedGrants } from '../../../functions/core/findings/privileged-grant-findings.js';
import type { AuditRecord } from '../../../functions/core/records/audit-record.js';
import type { Trends } from '../../../functions/core/trends/weekly-history.js';
import { auditRecord } from '../../support/audit-record-builder.js';
import { builtinResult, TEST_WEEK } from '../../support/query-result-builder.js';

const failures = (geo: string, n: number, address = `203.0.113.${geo.length}`): AuditRecord[] =>
  Array.from({ length: n }, (_, i) =>
    auditRecord({ geo, remoteAddress: address, occurred: TEST_WEEK.from + i }),
  );

const history = (geos: Record<string, number[]>): Trends => ({
  available: true,
  history: {
    weeks: ['2026-W43', '2026-W44', '2026-W45', '2026-W46'],
    counts: new Map(),
    geos: new Map(Object.entries(geos)),
    note: '',
  },
});

const geoResult = await builtinResult('failed-logins-by-geo', [
  ...failures('TH', 40),
  ...failures('US', 30),
  ...failures('DE', 25),
  ...failures('FR', 10),
  ...failures('', 50),
]);

describe('country findings', () => {
  const outcomes = findCountryAnomalies({
    geoResult,
    trends: history({ US: [8, 10, 12, 9], DE: [0, 0, 30, 0], FR: [1, 1, 1, 1], unknown: [0, 0, 0, 0] }),
    threshold: 3,
    minimum: 20,
  });
  const [fresh, spikes] = outcomes;

  it('flags a country unseen in the four weeks before, and not "unknown"', async () => {
    expect(fresh?.findings.map((f) => [f.severity, f.title, f.detail])).toEqual([
      [
        'high',
        'Failed logins from a new country: TH',
        '40 failed logins from 1 address this week; none in 2026-W43 – 2026-W46.',
      ],
    ]);
  });

  it('flags a spike over the weekly median, with a floor, and a seen country with a zero median', async () => {
    // US: 30 > 3 × 9.5; DE: median 0, 25 ≥ 20; FR: 10 < 20.
    expect(spikes?.findings.map((f) => f.title)).toEqual([
      'Failed-login spike from US',
      'Failed-login spike from DE',
    ]);
    expect(spikes?.findings[0]?.detail).toBe(
      '30 failed logins this week, 3.2× the median week of 9.5 over 2026-W43 – 2026-W46.',
    );
  });

  it('treats countries named after Object.prototype members as countries', async () => {
    const hostile = await builtinResult('failed-logins-by-geo', [
      ...failures('constructor', 3),
      ...failures('__proto__', 2),
      ...failures('toString', 1),
    ]);
    const [newCountries] = findCountryAnomalies({
      geoResult: hostile,
      trends: history({ toString: [0, 0, 1, 0] }),
      threshold: 3,
      minimum: 20,
    });
    expect(newCountries?.findings.map((f) => f.title)).toEqual([
      'Failed logins from a new country: constructor',
      'Failed logins from a new country: __proto__',
    ]);
  });

  it('is not evaluated without history, and says why', async () => {
    const none = findCountryAnomalies({
      geoResult,
      trends: { available: false, reason: 'the Descope analytics search failed (HTTP 500)' },
      threshold: 3,
      minimum: 20,
    });
    expect(none.map((o) => [o.status, o.findings.length])).toEqual([
      ['not evaluated: no history (the Descope analytics search failed (HTTP 500))', 0],
      ['not evaluated: no history (the Descope analytics search failed (HTTP 500))', 0],
    ]);
  });
});

describe('address findings', () => {
  it('compares each address with the median address of the week', async () => {
    const result = await builtinResult('failed-logins-by-ip', [
      ...failures('TH', 60, '198.51.100.7'),
      ...failures('TH', 15, '198.51.100.8'),
      ...failures('US', 2, '192.0.2.1'),
      ...failures('US', 1, '192.0.2.2'),
      ...failures('DE', 1, '192.0.2.3'),
    ]);
    const outcome = findAddressSpikes(result, 3, 20);
    expect(outcome.findings.map((f) => [f.title, f.detail])).toEqual([
      [
        'Failed-login spike from address 198.51.100.7',
        '60 failed logins this week (TH); the median address had 2.',
      ],
    ]);
    expect(outcome.description).toMatch(/no per-address history/);
  });

  it('is not evaluated when its query is disabled', async () => {
    expect(findAddressSpikes(undefined, 3, 20).status).toBe(
      'not evaluated: the failed-logins-by-ip query is disabled',
    );
  });
});

describe('privileged grants and impersonations', () => {
  const grant = (role: string, tenants: string[] = []) =>
    auditRecord({
      action: 'UserModified',
      actorId: 'ops@acme.example',
      loginIds: ['ann@acme.example'],
      tenants,
      occurred: TEST_WEEK.from + 60_000,
      data: { Change: tenants.length ? { added_multi_tenant_roles: [role] } : { added_roles: [role] } },
    });

  it('flags grants of configured roles, case-insensitively', async () => {
    const result = await builtinResult('role-grants', [
      grant('tenant admin', ['T1']),
      grant('Viewer'),
      grant('admin'),
    ]);
    const outcome = findPrivilegedGrants(result, ['Tenant Admin', 'Admin']);
    expect(outcome.findings.map((f) => [f.title, f.detail])).toEqual([
      [
        'Privileged role granted: tenant admin',
        'To ann@acme.example in tenant T1 by ops@acme.example at 2026-11-16 00:01 UTC.',
      ],
      [
        'Privileged role granted: admin',
        'To ann@acme.example (project-wide) by ops@acme.example at 2026-11-16 00:01 UTC.',
      ],
    ]);
    expect(findPrivilegedGrants(result, []).status).toBe('not evaluated: no role is marked privileged');
  });

  it('says a finding may be missing when the data is incomplete', async () => {
    expect(findPrivilegedGrants(await builtinResult('role-grants', [], false), ['admin']).status).toMatch(
      /incomplete data/,
    );
  });

  it('flags every impersonation, and summarises beyond the cap', async () => {
    const records = Array.from({ length: MAX_FINDINGS_PER_RULE + 3 }, (_, i) =>
      auditRecord({
        action: 'LoginSucceed',
        method: 'Impersonate',
        actorId: 'support@acme.example',
        occurred: TEST_WEEK.from + i,
      }),
    );
    const findings = findImpersonations(await builtinResult('impersonations', records)).findings;
    expect(findings).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(findings.at(-1)?.detail).toBe('3 more findings of this rule; every one is in impersonations.csv.');
  });
});

describe('all rules together', () => {
  it('lists high findings first and explains every rule', async () => {
    const results = [
      await builtinResult('impersonations', [auditRecord({ action: 'LoginSucceed', method: 'Impersonate' })]),
      await builtinResult('role-grants', [
        auditRecord({ action: 'UserModified', data: { Change: { added_roles: ['Tenant Admin'] } } }),
      ]),
    ];
    const outcomes = evaluateFindings(results, history({}), {
      privilegedRoles: ['Tenant Admin'],
      anomalyThreshold: 3,
      anomalyMinimumCount: 20,
    });
    expect(outcomes.map((o) => o.rule)).toEqual([
      'new-country',
      'privileged-role-grant',
      'role-change-not-understood',
      'country-spike',
      'address-spike',
      'impersonation',
    ]);
    expect(listFindings(outcomes).map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(outcomes.find((o) => o.rule === 'role-change-not-understood')?.status).toBe(
      'not evaluated: the role-changes-not-understood query is disabled',
    );
  });
});
