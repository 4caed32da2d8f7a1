import { DAY_MS, startOfIsoWeek } from '../../core/period/period.js';

/** Analytics `groupByCreated` granularities: hour, day, ISO week, month, quarter (all UTC). */
export const TIME_BUCKETS = ['h', 'd', 'w', 'm', 'q'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

const HOUR_MS = 3_600_000;

/**
 * Start (epoch ms) of the bucket containing `time`. Weeks start on Monday 00:00 UTC, like the report's
 * ISO weeks; Descope's own bucket edges are undocumented.
 */
export function bucketStart(time: number, bucket: TimeBucket): number {
  const date = new Date(time);
  switch (bucket) {
    case 'h':
      return Math.floor(time / HOUR_MS) * HOUR_MS;
    case 'd':
      return Math.floor(time / DAY_MS) * DAY_MS;
    case 'w':
      return startOfIsoWeek(time);
    case 'm':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    case 'q':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - (date.getUTCMonth() % 3), 1);
  }
}

/** The same instant `months` calendar months earlier (UTC), for the analytics look-back bound. */
export function monthsBefore(time: number, months: number): number {
  const date = new Date(time);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date.getTime();
}
