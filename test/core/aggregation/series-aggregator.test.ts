import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../functions/core/aggregation/create-aggregator.js';
import { daysOf } from '../../../functions/core/aggregation/series-aggregator.js';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { customPeriod, parseIsoWeek } from '../../../functions/core/period.js';
import { auditRecord } from '../../support/audit-record-builder.js';

const perDay = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-per-day');
if (!perDay) throw new Error('built-in query missing');
const week = parseIsoWeek('2026-W47');
const DAY = 86_400_000;

describe('failed logins per day', () => {
  it('counts per UTC day, every day of the week present, other actions left out', () => {
    const aggregator = createAggregator(perDay, week);
    for (const occurred of [week.from, week.from + DAY - 1, week.from + 3 * DAY, week.to - 1]) {
      aggregator.add(auditRecord({ occurred }));
    }
    aggregator.add(auditRecord({ action: 'LoginExceedMaxAttempts', occurred: week.from }));
    expect(aggregator.records).toBe(4);
    expect(aggregator.finish()).toEqual({
      columns: ['day', 'failed_logins'],
      rows: [
        ['2026-11-16', 2],
        ['2026-11-17', 0],
        ['2026-11-18', 0],
        ['2026-11-19', 1],
        ['2026-11-20', 0],
        ['2026-11-21', 0],
        ['2026-11-22', 1],
      ],
    });
  });

  it.each([
    ['an ISO week', week, 7],
    ['a custom range inside one day', customPeriod('2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z'), 1],
    ['a custom range across midnight', customPeriod('2026-11-20T23:00:00Z', '2026-11-21T01:00:00Z'), 2],
  ])('covers every UTC day of %s', (_, period, days) => {
    expect(daysOf(period)).toHaveLength(days);
  });
});
