import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../functions/core/aggregation/create-aggregator.js';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { parseIsoWeek } from '../../../functions/core/period.js';
import { auditRecord } from '../../support/audit-record-builder.js';

const failedByGeo = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-geo');
if (!failedByGeo) throw new Error('built-in query missing');

describe('failed logins by geo', () => {
  it('counts per country with distinct users, login IDs and IPs, ordered by count', () => {
    const aggregator = createAggregator(failedByGeo, parseIsoWeek('2026-W47'));
    const t = Date.UTC(2026, 10, 17);
    const records = [
      auditRecord({ geo: 'DE', userId: 'U1', loginIds: ['a@x'], remoteAddress: '1.1.1.1', occurred: t + 5 }),
      auditRecord({ geo: 'DE', userId: 'U1', loginIds: ['a@x'], remoteAddress: '1.1.1.2', occurred: t + 1 }),
      auditRecord({
        geo: 'DE',
        userId: '',
        loginIds: ['ghost@x'],
        remoteAddress: '1.1.1.1',
        occurred: t + 9,
      }),
      auditRecord({ geo: 'US', userId: 'U2', loginIds: ['b@x'], remoteAddress: '2.2.2.2', occurred: t }),
      auditRecord({ geo: '', userId: 'U3', loginIds: ['c@x'], remoteAddress: '3.3.3.3', occurred: t }),
      auditRecord({ geo: 'AR', userId: 'U4', loginIds: ['d@x'], remoteAddress: '4.4.4.4', occurred: t }),
    ];
    for (const r of records) aggregator.add(r);
    const table = aggregator.finish();
    expect(aggregator.records).toBe(6);
    expect(table.columns).toEqual([
      'geo',
      'failed_logins',
      'distinct_users',
      'distinct_login_ids',
      'distinct_ips',
      'first_seen',
      'last_seen',
    ]);
    expect(table.rows).toEqual([
      ['DE', 3, 1, 2, 2, new Date(t + 1).toISOString(), new Date(t + 9).toISOString()],
      ['AR', 1, 1, 1, 1, new Date(t).toISOString(), new Date(t).toISOString()],
      ['US', 1, 1, 1, 1, new Date(t).toISOString(), new Date(t).toISOString()],
      ['unknown', 1, 1, 1, 1, new Date(t).toISOString(), new Date(t).toISOString()],
    ]);
  });

  it('gives an empty table for no records', () => {
    const aggregator = createAggregator(failedByGeo, parseIsoWeek('2026-W47'));
    expect(aggregator.finish().rows).toEqual([]);
  });
});
