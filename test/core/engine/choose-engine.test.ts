import { describe, expect, it } from 'vitest';
import {
  costGuardProblem,
  estimateScan,
  partitionDays,
} from '../../../functions/core/engine/athena-cost-guard.js';
import { athenaCostUsd, chooseEngine } from '../../../functions/core/engine/choose-engine.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';

const GB = 1_000_000_000;

describe('choosing the engine', () => {
  it.each([
    ['auto', 2 * GB, 'stream', 'athena'],
    ['auto', GB, 'stream', 'duckdb'],
    ['auto', GB + 1, 'stream', 'athena'],
    ['auto', 50 * GB, 'search', 'duckdb'],
    ['duckdb', 50 * GB, 'stream', 'duckdb'],
    ['athena', 1, 'stream', 'athena'],
    ['athena', 1, 'search', 'duckdb'],
  ] as const)('%s with %d stream bytes from the %s: %s', (setting, bytes, source, engine) => {
    expect(chooseEngine(setting, { streamBytes: bytes }, GB, source).engine).toBe(engine);
  });

  it('says why, with the figures', () => {
    expect(chooseEngine('auto', { streamBytes: 2 * GB }, GB, 'stream').reason).toBe(
      '2000000000 bytes of stream objects, above the threshold of 1000000000',
    );
    expect(chooseEngine('auto', {}, GB, 'stream')).toEqual({
      engine: 'duckdb',
      reason: 'the stream objects could not be sized',
    });
  });

  it('prices statements at $5 per TB with Athena’s 10 MB minimum', () => {
    expect(athenaCostUsd([1e12])).toBe(5);
    expect(athenaCostUsd([1, 1])).toBeCloseTo((2e7 / 1e12) * 5, 12);
  });
});

describe('the cost guard', () => {
  const week = parseIsoWeek('2026-W47');

  it('reads the period’s days and the late days after, as the dt predicate prunes', () => {
    expect(partitionDays(week, 1)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
  });

  it('counts only the partitions read, and refuses above the cutoff before any statement', () => {
    const sizes = [
      { day: '2026-11-15', bytes: 10 * GB },
      { day: '2026-11-16', bytes: 3 * GB },
      { day: '2026-11-23', bytes: GB },
      { day: '2026-11-24', bytes: 10 * GB },
    ];
    const estimate = estimateScan(sizes, partitionDays(week, 1), 14);
    expect(estimate.bytesPerStatement).toBe(4 * GB);
    expect(costGuardProblem(estimate, 4 * GB)).toBeUndefined();
    expect(costGuardProblem(estimate, 4 * GB - 1)).toBe(
      'Athena would scan 4000000000 bytes per statement (14 statements over 2026-11-16 to 2026-11-23), above athenaBytesScannedCutoff 3999999999: raise the cutoff or set engine to duckdb',
    );
  });
});
