import { describe, expect, it } from 'vitest';
import { isoWeekStarting, startOfIsoWeek } from '../../functions/core/period/period.js';
import { bucketStart, monthsBefore, type TimeBucket } from '../../functions/local/descope-api/time-bucket.js';

describe('startOfIsoWeek and isoWeekStarting', () => {
  it.each([
    ['2026-01-15T12:00:00Z', '2026-01-12T00:00:00.000Z', '2026-W03'],
    ['2026-01-12T00:00:00Z', '2026-01-12T00:00:00.000Z', '2026-W03'],
    ['2026-01-11T23:59:59.999Z', '2026-01-05T00:00:00.000Z', '2026-W02'],
    ['2027-01-01T08:00:00Z', '2026-12-28T00:00:00.000Z', '2026-W53'],
    ['2025-12-31T08:00:00Z', '2025-12-29T00:00:00.000Z', '2026-W01'],
  ])('%s is in the week starting %s (%s)', (time, start, label) => {
    const weekStart = startOfIsoWeek(Date.parse(time));
    expect(new Date(weekStart).toISOString()).toBe(start);
    expect(isoWeekStarting(weekStart).label).toBe(label);
  });
});

describe('bucketStart', () => {
  const time = Date.parse('2026-05-14T15:42:10.123Z');
  it.each<[TimeBucket, string]>([
    ['h', '2026-05-14T15:00:00.000Z'],
    ['d', '2026-05-14T00:00:00.000Z'],
    ['w', '2026-05-11T00:00:00.000Z'],
    ['m', '2026-05-01T00:00:00.000Z'],
    ['q', '2026-04-01T00:00:00.000Z'],
  ])('%s bucket starts at %s', (bucket, start) => {
    expect(new Date(bucketStart(time, bucket)).toISOString()).toBe(start);
  });

  it('goes back calendar months', () => {
    expect(new Date(monthsBefore(Date.parse('2026-03-15T00:00:00Z'), 12)).toISOString()).toBe(
      '2025-03-15T00:00:00.000Z',
    );
  });
});
