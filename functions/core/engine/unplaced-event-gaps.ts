import type { TimeWindow } from '../records/audit-record.js';
import type { ReportGap } from '../report/report-model.js';
import type { UnplacedEventsRow } from '../sql/trino/stream-records-trino.js';

const DAY_MS = 86_400_000;

/**
 * The gaps an Athena run reports for stream events whose `occurred` it cannot read
 * (`streamUnplacedTrino`): such an event landed in partition `dt=day` may have occurred on that
 * day or up to `lateDays` before it, so the part of the period in that window is incomplete, with
 * the count named. One gap per day that has any; none when every event was placed.
 */
export function unplacedEventGaps(
  rows: readonly UnplacedEventsRow[],
  period: TimeWindow,
  lateDays: number,
): ReportGap[] {
  const gaps: ReportGap[] = [];
  for (const row of rows) {
    if (row.events <= 0) continue;
    const dayStart = Date.parse(`${row.day}T00:00:00Z`);
    if (Number.isNaN(dayStart))
      throw new Error(`Athena named an unreadable partition day: ${JSON.stringify(row.day)}`);
    const from = Math.max(period.from, dayStart - lateDays * DAY_MS);
    const to = Math.min(period.to, dayStart + DAY_MS);
    if (from >= to) continue;
    gaps.push({
      from,
      to,
      reason: `${row.events} stream event(s) in partition dt=${row.day} have no readable occurred time, so they are not counted; they may belong to this range`,
      fetched: 0,
    });
  }
  return gaps;
}
