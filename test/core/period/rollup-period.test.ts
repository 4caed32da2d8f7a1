import { describe, expect, it } from 'vitest';
import { customPeriod } from '../../../functions/core/period/period.js';
import {
  parseMonth,
  parseQuarter,
  parseYear,
  rangeRollup,
  weeksOverlapping,
} from '../../../functions/core/period/rollup-period.js';
import { ConfigError, PeriodError } from '../../../functions/shared/errors.js';
import { parseCliArgs } from '../../../functions/weekly-report/cli/cli-args.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('rollup periods', () => {
  it('parses months and quarters as UTC calendar ranges', () => {
    const month = parseMonth('2026-11');
    expect([iso(month.from), iso(month.to), month.label]).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      '2026-11',
    ]);
    const quarter = parseQuarter('2026-Q4');
    expect([iso(quarter.from), iso(quarter.to), quarter.label]).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2026-Q4',
    ]);
    expect(() => parseMonth('2026-13')).toThrow(PeriodError);
    expect(() => parseQuarter('2026-Q5')).toThrow(PeriodError);
    const year = parseYear('2026');
    expect([iso(year.from), iso(year.to), year.label]).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2026',
    ]);
    expect(() => parseYear('26')).toThrow(PeriodError);
  });

  it('labels a range from_to and lists the ISO weeks overlapping it', () => {
    const range = rangeRollup(customPeriod('2026-08-01T00:00:00Z', '2026-08-20T12:30:00Z'));
    expect(range.label).toBe('2026-08-01_2026-08-20T1230Z');
    expect(weeksOverlapping(parseQuarter('2026-Q4')).map((w) => w.label)).toEqual(
      Array.from({ length: 14 }, (_, i) => `2026-W${40 + i}`),
    );
  });

  it('makes a month, a quarter and a range older than 30 days a rollup in the CLI', () => {
    const now = Date.parse('2027-01-10T00:00:00Z');
    expect(parseCliArgs(['--month', '2026-11'], now)).toMatchObject({
      rollup: true,
      period: { label: '2026-11' },
    });
    expect(parseCliArgs(['--quarter', '2026-Q4'], now)).toMatchObject({ rollup: true });
    expect(parseCliArgs(['--year', '2026'], now)).toMatchObject({ rollup: true, period: { label: '2026' } });
    expect(
      parseCliArgs(['--from', '2026-09-01T00:00:00Z', '--to', '2026-10-01T00:00:00Z'], now),
    ).toMatchObject({ rollup: true, period: { label: '2026-09-01_2026-10-01' } });
    expect(
      parseCliArgs(['--from', '2027-01-01T00:00:00Z', '--to', '2027-01-08T00:00:00Z'], now),
    ).toMatchObject({
      rollup: false,
    });
    expect(() => parseCliArgs(['--month', '2026-11', '--week', '2026-W47'], now)).toThrow(ConfigError);
    expect(() => parseCliArgs(['--quarter', '2026-Q4', '--dry-run', '--out', 'x'], now)).toThrow(
      /no --dry-run/,
    );
  });
});
