import type { AuditRecord, TimeWindow } from '../audit-record.js';
import { DAY_MS } from '../period.js';
import type { SeriesAggregation } from '../query-definition.js';
import type { QueryTable, RecordFold } from './aggregator.js';

/** `YYYY-MM-DD` of the UTC day starting at `dayStart`. */
export const formatDay = (dayStart: number): string => new Date(dayStart).toISOString().slice(0, 10);

/** The UTC day starts covering `window`, oldest first (a partial first or last day included). */
export function daysOf(window: TimeWindow): number[] {
  const days: number[] = [];
  for (let day = Math.floor(window.from / DAY_MS) * DAY_MS; day < window.to; day += DAY_MS) days.push(day);
  return days;
}

/**
 * Records per UTC day of `window`. Every day of the window gets a row, in time order, so a quiet
 * day shows as 0 rather than missing from the chart and the CSV.
 */
export function createSeriesAggregator(spec: SeriesAggregation, window: TimeWindow): RecordFold {
  const counts = new Map<number, number>(daysOf(window).map((day) => [day, 0]));
  return {
    add(record: AuditRecord) {
      const day = Math.floor(record.occurred / DAY_MS) * DAY_MS;
      counts.set(day, (counts.get(day) ?? 0) + 1);
    },
    finish(): QueryTable {
      const rows = [...counts.entries()].sort(([a], [b]) => a - b).map(([day, n]) => [formatDay(day), n]);
      return { columns: [spec.column, spec.count], rows };
    },
  };
}
