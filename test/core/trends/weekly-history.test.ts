import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import {
  type QueryDefinitionInput,
  queryDefinitionSchema,
} from '../../../functions/core/catalog/query-definition.js';
import { customPeriod, parseIsoWeek } from '../../../functions/core/period/period.js';
import type { AnalyticsCount } from '../../../functions/core/records/analytics-count.js';
import { trendEligibility } from '../../../functions/core/trends/trend-eligibility.js';
import { buildWeeklyHistory, planTrendHistory } from '../../../functions/core/trends/weekly-history.js';

const week = parseIsoWeek('2026-W47');
const DAY = 86_400_000;
const query = (fields: Partial<QueryDefinitionInput>) =>
  queryDefinitionSchema.parse({
    id: 'q',
    title: 'q',
    filter: {},
    aggregation: { kind: 'rows', columns: [{ column: 'a', field: 'action' }] },
    ...fields,
  });
const builtin = (id: string) => {
  const found = BUILTIN_QUERIES.find((q) => q.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('which headlines analytics can reproduce', () => {
  it.each([
    ['failed logins by country', builtin('failed-logins-by-geo'), true],
    ['impersonations (action and method)', builtin('impersonations'), true],
    ['lockouts (a condition on the action)', builtin('lockouts'), true],
    ['role grants (change details)', builtin('role-grants'), false],
    ['failed SCIM requests (a data field)', builtin('scim-failures'), false],
    ['a user filter', query({ filter: { userIds: ['U1'] } }), false],
    ['a device filter', query({ filter: { actions: ['LoginFailed'], devices: ['Bot'] } }), true],
    [
      'a condition on a field named after an Object.prototype member',
      query({ where: [{ field: 'constructor', in: ['x'] }] }),
      false,
    ],
  ])('%s', (_, q, eligible) => {
    expect(trendEligibility(q).ok).toBe(eligible);
  });

  it('matches analytics rows as the query matches records', () => {
    const eligibility = trendEligibility(builtin('impersonations'));
    if (!eligibility.ok) throw new Error('not eligible');
    expect(eligibility.dimensions.sort()).toEqual(['action', 'method']);
    expect(eligibility.matches({ day: 0, count: 1, action: 'LoginSucceed', method: 'Impersonate' })).toBe(
      true,
    );
    expect(eligibility.matches({ day: 0, count: 1, action: 'LoginSucceed', method: 'otp' })).toBe(false);
  });
});

describe('planning the history', () => {
  it('asks once for the four weeks before, by day, grouped by what the queries need', () => {
    const planned = planTrendHistory(week, BUILTIN_QUERIES);
    if (!planned.ok) throw new Error(planned.reason);
    const { plan } = planned;
    expect(plan.weeks.map((w) => w.label)).toEqual(['2026-W43', '2026-W44', '2026-W45', '2026-W46']);
    expect(plan.project).toEqual({
      from: week.from - 28 * DAY - 1,
      to: week.from,
      actions: expect.arrayContaining(['LoginFailed', 'LoginSucceed', 'SCIMEvent']),
      groupBy: ['action', 'geo', 'method'],
    });
    expect(plan.tenants).toBeUndefined();
  });

  it('adds a tenant-grouped search for tenant reports, narrowed to the included tenants', () => {
    const planned = planTrendHistory(week, BUILTIN_QUERIES, { include: ['T2', 'T1'] });
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.tenants).toMatchObject({
      tenants: ['T1', 'T2'],
      groupBy: ['action', 'geo', 'method', 'tenant'],
    });
  });

  it('drops the action filter when a query counts every action', () => {
    const planned = planTrendHistory(week, [query({ filter: { excludedActions: ['UserRefresh'] } })]);
    expect(planned.ok && planned.plan.project.actions).toBeUndefined();
  });

  it('asks nothing when no query can be counted by analytics', () => {
    expect(planTrendHistory(week, [query({ filter: { userIds: ['U1'] } })]).ok).toBe(false);
  });

  it('has no history for a custom period', () => {
    expect(
      planTrendHistory(customPeriod('2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'), BUILTIN_QUERIES),
    ).toEqual({
      ok: false,
      reason: 'week-over-week trends compare ISO weeks; this report covers a custom period',
    });
  });
});

describe('building the history from day counts', () => {
  const planned = planTrendHistory(week, BUILTIN_QUERIES, {});
  if (!planned.ok) throw new Error(planned.reason);
  const { plan } = planned;
  const w46 = week.from - 7 * DAY;
  const w43 = week.from - 28 * DAY;
  const rows: AnalyticsCount[] = [
    { day: w46, count: 5, action: 'LoginFailed', geo: 'DE', method: 'password', tenant: 'T1' },
    { day: w46 + DAY, count: 2, action: 'LoginFailed', geo: '', method: 'otp', tenant: 'T2' },
    { day: w43, count: 7, action: 'LoginFailed', geo: 'DE', method: 'password', tenant: 'T1' },
    { day: w46, count: 1, action: 'LoginSucceed', geo: 'US', method: 'Impersonate', tenant: 'T1' },
    { day: w46, count: 9, action: 'LoginSucceed', geo: 'US', method: 'otp', tenant: 'T1' },
    // Outside the weeks: the edge millisecond's day, and the current week.
    { day: w43 - DAY, count: 100, action: 'LoginFailed', geo: 'DE', method: 'password', tenant: 'T1' },
    { day: week.from, count: 100, action: 'LoginFailed', geo: 'DE', method: 'password', tenant: 'T1' },
    { day: w46, count: 3, action: 'SomeCustomAction', geo: 'DE', method: '', tenant: '' },
  ];

  it('sums days into weeks per query and per country', () => {
    const history = buildWeeklyHistory(plan, BUILTIN_QUERIES, rows);
    expect(history.weeks).toEqual(['2026-W43', '2026-W44', '2026-W45', '2026-W46']);
    expect(history.counts.get('failed-logins-by-geo')).toEqual([7, 0, 0, 7]);
    expect(history.counts.get('impersonations')).toEqual([0, 0, 0, 1]);
    expect(history.counts.get('role-grants')).toBeUndefined();
    expect(history.geos).toEqual(
      new Map([
        ['DE', [7, 0, 0, 5]],
        ['unknown', [0, 0, 0, 2]],
      ]),
    );
    expect(history.note).toBe('');
  });

  it('keeps one tenant’s rows for a tenant report', () => {
    const history = buildWeeklyHistory(plan, BUILTIN_QUERIES, rows, 'T2');
    expect(history.counts.get('failed-logins-by-geo')).toEqual([0, 0, 0, 2]);
  });

  it('keeps countries and tenants named after Object.prototype members apart from the prototype', () => {
    const hostile: AnalyticsCount[] = ['__proto__', 'constructor', 'toString'].map((name) => ({
      day: w46,
      count: 4,
      action: 'LoginFailed',
      geo: name,
      method: 'password',
      tenant: name,
    }));
    const history = buildWeeklyHistory(plan, BUILTIN_QUERIES, hostile);
    expect([...history.geos]).toEqual([
      ['__proto__', [0, 0, 0, 4]],
      ['constructor', [0, 0, 0, 4]],
      ['toString', [0, 0, 0, 4]],
    ]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).length).toBeUndefined();
    expect(
      buildWeeklyHistory(plan, BUILTIN_QUERIES, hostile, 'constructor').counts.get('failed-logins-by-geo'),
    ).toEqual([0, 0, 0, 4]);
  });

  it('says so when the buckets are not UTC days', () => {
    const shifted = rows.map((r) => ({ ...r, day: r.day + 3_600_000 }));
    expect(buildWeeklyHistory(plan, BUILTIN_QUERIES, shifted).note).toMatch(/start at 01:00 UTC/);
  });
});
