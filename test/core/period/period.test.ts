import { describe, expect, it } from 'vitest';
import {
  assertWithinRetention,
  customPeriod,
  parseIsoWeek,
  previousCompleteWeek,
  shiftWeek,
  startOfIsoWeek,
} from '../../../functions/core/period/period.js';
import { PeriodError } from '../../../functions/shared/errors.js';

const utc = (iso: string) => Date.parse(iso);

describe('ISO weeks', () => {
  it.each([
    ['2026-W47', '2026-11-16T00:00:00Z', '2026-11-23T00:00:00Z'],
    ['2026-W01', '2025-12-29T00:00:00Z', '2026-01-05T00:00:00Z'],
    ['2020-W53', '2020-12-28T00:00:00Z', '2021-01-04T00:00:00Z'],
    ['2026-W53', '2026-12-28T00:00:00Z', '2027-01-04T00:00:00Z'],
    ['2021-W01', '2021-01-04T00:00:00Z', '2021-01-11T00:00:00Z'],
  ])('%s is [%s, %s)', (label, from, to) => {
    const period = parseIsoWeek(label);
    expect(period).toMatchObject({ label, from: utc(from), to: utc(to), kind: 'iso-week' });
  });

  it.each(['2025-W53', '2026-W00', '2026-W54', '2026-47', 'W47'])('refuses %s', (label) => {
    expect(() => parseIsoWeek(label)).toThrow(PeriodError);
  });

  it.each([
    // A Monday 06:00 run reports the week that just ended.
    ['2026-11-23T06:00:00Z', '2026-W47'],
    // Exactly at the week boundary, the week before is the last complete one.
    ['2026-11-23T00:00:00Z', '2026-W47'],
    ['2026-11-22T23:59:59.999Z', '2026-W46'],
    ['2027-01-04T06:00:00Z', '2026-W53'],
    ['2021-01-04T06:00:00Z', '2020-W53'],
    ['2026-01-05T06:00:00Z', '2026-W01'],
  ])('the last complete week before %s is %s', (now, label) => {
    expect(previousCompleteWeek(utc(now)).label).toBe(label);
  });

  it('starts weeks on Monday 00:00 UTC', () => {
    expect(new Date(startOfIsoWeek(utc('2026-11-25T21:00:00Z'))).toISOString()).toBe(
      '2026-11-23T00:00:00.000Z',
    );
    expect(new Date(startOfIsoWeek(utc('2026-11-22T23:00:00Z'))).toISOString()).toBe(
      '2026-11-16T00:00:00.000Z',
    );
  });

  it('shifts across year boundaries', () => {
    expect(shiftWeek(parseIsoWeek('2021-W01'), -1).label).toBe('2020-W53');
    expect(shiftWeek(parseIsoWeek('2026-W47'), -4).label).toBe('2026-W43');
  });
});

describe('custom periods', () => {
  it('labels a range and keeps it half-open', () => {
    const period = customPeriod('2026-11-20T00:00:00Z', '2026-11-21T12:30:00Z');
    expect(period).toMatchObject({ from: utc('2026-11-20T00:00:00Z'), to: utc('2026-11-21T12:30:00Z') });
    expect(period.label).toBe('2026-11-20T0000Z--2026-11-21T1230Z');
  });

  it('refuses reversed or unparseable ranges', () => {
    expect(() => customPeriod('2026-11-21T00:00:00Z', '2026-11-20T00:00:00Z')).toThrow(/before/);
    expect(() => customPeriod('yesterday', '2026-11-20T00:00:00Z')).toThrow(/--from/);
  });
});

describe('retention', () => {
  const now = utc('2026-11-25T21:00:00Z');

  it('accepts last week', () => {
    expect(() => assertWithinRetention(previousCompleteWeek(now), now, 30)).not.toThrow();
  });

  it('refuses a week starting more than 30 days ago, naming the oldest instant', () => {
    expect(() => assertWithinRetention(parseIsoWeek('2026-W43'), now, 30)).toThrow(
      /older than Descope's 30-day audit retention \(oldest available: 2026-10-26T21:00:00.000Z\)/,
    );
  });

  it('refuses a week that has not ended', () => {
    expect(() => assertWithinRetention(parseIsoWeek('2026-W48'), now, 30)).toThrow(/has not ended/);
  });
});
