import { describe, expect, it } from 'vitest';
import { unplacedEventGaps } from '../../../functions/core/engine/unplaced-event-gaps.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';

const week = parseIsoWeek('2026-W47');
const at = (iso: string) => Date.parse(iso);

describe('stream events Athena cannot place in time', () => {
  it('are a gap over the days they may belong to, clipped to the period, with the count named', () => {
    const gaps = unplacedEventGaps(
      [
        { day: '2026-11-16', events: 2 },
        { day: '2026-11-19', events: 0 },
        { day: '2026-11-20', events: 1 },
        { day: '2026-11-23', events: 5 },
      ],
      week,
      1,
    );
    expect(
      gaps.map((g) => [new Date(g.from).toISOString(), new Date(g.to).toISOString(), g.fetched]),
    ).toEqual([
      ['2026-11-16T00:00:00.000Z', '2026-11-17T00:00:00.000Z', 0],
      ['2026-11-19T00:00:00.000Z', '2026-11-21T00:00:00.000Z', 0],
      ['2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z', 0],
    ]);
    expect(gaps[0]?.reason).toMatch(
      /^2 stream event\(s\) in partition dt=2026-11-16 have no readable occurred time/,
    );
    expect(gaps[2]?.reason).toContain('5 stream event(s) in partition dt=2026-11-23');
    expect(
      gaps.every((g) => g.from >= week.from && g.to <= week.to && g.from >= at('2026-11-16T00:00:00Z')),
    ).toBe(true);
  });

  it('are no gap when every event was placed', () => {
    expect(unplacedEventGaps([], week, 1)).toEqual([]);
  });

  it('refuses a partition day that is not a date', () => {
    expect(() => unplacedEventGaps([{ day: 'nope', events: 1 }], week, 1)).toThrow(
      /unreadable partition day/,
    );
  });
});
