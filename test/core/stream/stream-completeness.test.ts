import { describe, expect, it } from 'vitest';
import { checkStreamCompleteness, HOUR_MS } from '../../../functions/core/stream/stream-completeness.js';

const day = Date.UTC(2026, 0, 5);
const period = { from: day, to: day + 2 * 86_400_000 };
const h = (n: number) => day + n * HOUR_MS;

describe('the stream against Descope analytics', () => {
  it('names each short hour, merging consecutive ones of one action', () => {
    const held = [
      { action: 'LoginFailed', start: h(3), count: 10 },
      { action: 'LoginFailed', start: h(4), count: 1 },
      { action: 'LoginFailed', start: h(5), count: 0 },
      { action: 'LoginFailed', start: h(9), count: 7 },
    ];
    const counted = [
      { action: 'LoginFailed', start: h(3), count: 10 },
      { action: 'LoginFailed', start: h(4), count: 5 },
      { action: 'LoginFailed', start: h(5), count: 2 },
      { action: 'LoginFailed', start: h(9), count: 8 },
      { action: 'UserCreated', start: h(9), count: 1 },
    ];
    const { shortfalls, notes } = checkStreamCompleteness(period, held, {
      available: true,
      bucket: 'hour',
      counts: counted,
    });
    expect(shortfalls.map(({ reason: _r, ...s }) => s)).toEqual([
      { action: 'LoginFailed', from: h(4), to: h(6), expected: 7, held: 1 },
      { action: 'LoginFailed', from: h(9), to: h(10), expected: 8, held: 7 },
      { action: 'UserCreated', from: h(9), to: h(10), expected: 1, held: 0 },
    ]);
    expect(shortfalls[0]?.reason).toMatch(
      /hours 2026-01-05 04:00, 2026-01-05 05:00 UTC\): 6 missing from the stream/,
    );
    expect(notes).toEqual([]);
  });

  it('says when analytics counts by day that the hours cannot be told apart', () => {
    const { shortfalls } = checkStreamCompleteness(period, [{ action: 'A', start: h(3), count: 1 }], {
      available: true,
      bucket: 'day',
      counts: [{ action: 'A', start: day, count: 2 }],
    });
    expect(shortfalls).toHaveLength(1);
    expect(shortfalls[0]).toMatchObject({ from: day, to: day + 86_400_000, expected: 2, held: 1 });
    expect(shortfalls[0]?.reason).toMatch(/hours cannot be told apart/);
  });

  it('notes more events than counted, and buckets reaching outside the period, without a gap', () => {
    const { shortfalls, notes } = checkStreamCompleteness(period, [{ action: 'A', start: h(1), count: 5 }], {
      available: true,
      bucket: 'hour',
      counts: [
        { action: 'A', start: h(1), count: 3 },
        { action: 'A', start: day - HOUR_MS, count: 9 },
      ],
    });
    expect(shortfalls).toEqual([]);
    expect(notes).toEqual([
      'The stream holds 2 more events than Descope analytics counted (analytics may leave some actions out); every one is in the numbers.',
      '1 analytics hour(s) reach outside the period and were not compared.',
    ]);
  });

  it('says the stream was not cross-checked when analytics cannot answer', () => {
    expect(
      checkStreamCompleteness(period, [], { available: false, reason: 'analytics answered 503' }),
    ).toEqual({
      shortfalls: [],
      notes: ["The stream's completeness was not cross-checked: analytics answered 503."],
    });
  });
});
