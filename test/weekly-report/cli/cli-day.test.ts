import { describe, expect, it } from 'vitest';
import { parseDay } from '../../../functions/core/period/period.js';
import { ConfigError, PeriodError } from '../../../functions/shared/errors.js';
import { parseCliArgs } from '../../../functions/weekly-report/cli/cli-args.js';

const now = Date.parse('2026-12-01T06:00:00Z');

describe('--day', () => {
  it('is one UTC day, midnight to midnight', () => {
    const { period, rollup } = parseCliArgs(['--day', '2026-11-30'], now);
    expect(period).toEqual({
      kind: 'day',
      label: '2026-11-30',
      from: Date.parse('2026-11-30T00:00:00Z'),
      to: Date.parse('2026-12-01T00:00:00Z'),
    });
    expect(rollup).toBe(false);
  });

  it('refuses a day that does not exist, and another period beside it', () => {
    expect(() => parseDay('2026-02-30')).toThrow(PeriodError);
    expect(() => parseCliArgs(['--day', '2026-11-30', '--week', '2026-W48'], now)).toThrow(ConfigError);
  });
});
