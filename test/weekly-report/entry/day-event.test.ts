import { describe, expect, it } from 'vitest';
import { parseDay } from '../../../functions/core/period/period.js';
import {
  continuationPayload,
  parseReportEvent,
} from '../../../functions/weekly-report/entry/report-event.js';

describe('the daily schedule event', () => {
  it('reports the UTC day that ended before the scheduled time, whenever it is delivered', () => {
    expect(parseReportEvent({ period: 'day', scheduledTime: '2026-12-01T01:30:00Z' })).toEqual({
      period: parseDay('2026-11-30'),
      resend: false,
      trigger: 'schedule',
    });
    // A retry or a replay carries the same scheduled time, so it reports the same day.
    expect(parseReportEvent({ period: 'day', scheduledTime: '2026-12-01T23:59:59.999Z' }).period.label).toBe(
      '2026-11-30',
    );
    // A time zone's offset is read: 01:30 in Berlin on 1 December is 00:30 UTC.
    expect(parseReportEvent({ period: 'day', scheduledTime: '2026-12-01T01:30:00+01:00' }).period.label).toBe(
      '2026-11-30',
    );
    // The weekly schedule's payload still reports a week.
    expect(parseReportEvent({ scheduledTime: '2026-12-07T06:00:00Z' }).period.kind).toBe('iso-week');
  });

  it.each([
    [
      'an extra key (a forged day or resend)',
      { period: 'day', scheduledTime: '2026-12-01T01:30:00Z', day: '2020-01-01' },
    ],
    ['a resend flag', { period: 'day', scheduledTime: '2026-12-01T01:30:00Z', resend: true }],
    ['a time that is not one', { period: 'day', scheduledTime: 'yesterday' }],
    ['a time that is not text', { period: 'day', scheduledTime: 1_764_552_600_000 }],
    ['another period', { period: 'week', scheduledTime: '2026-12-01T01:30:00Z' }],
  ])('refuses %s, never reading it as the weekly schedule', (_name, event) => {
    expect(() => parseReportEvent(event)).toThrow(/^Daily schedule refused: expected exactly/);
  });

  it('refuses a scheduled time whose day before has no date, before anything is sized from it', () => {
    expect(() => parseReportEvent({ period: 'day', scheduledTime: '-271821-04-20T00:00:00Z' })).toThrow(
      /Daily schedule refused: scheduledTime is outside the dates a report can hold/,
    );
  });

  it('lets a paused day run continue itself, its period checked like a week', () => {
    const day = parseDay('2026-11-30');
    expect(parseReportEvent(continuationPayload(day, false, 'r', 2))).toMatchObject({
      period: day,
      trigger: 'continuation',
    });
    expect(() => parseReportEvent(continuationPayload({ ...day, to: day.to + 1 }, false, 'r', 2))).toThrow(
      /does not match/,
    );
  });
});
