import type { StoredWeek } from '../history/stored-summary.js';
import type { ReportPeriod } from '../period/period.js';
import { shiftWeek } from '../period/period.js';
import type { RiskAcceptance } from './apply-exceptions.js';
import { STALE_AFTER_WEEKS } from './risk-exception.js';

/**
 * Marks an exception in force stale when it matched nothing this week and in each of the
 * {@link STALE_AFTER_WEEKS} − 1 weeks before, as their stored summaries record it. A week without a
 * stored summary, or whose summary does not list the exception, says nothing: the exception is not
 * called stale (ISO weeks only; other periods have no consecutive weeks).
 */
export function markStale(
  acceptance: RiskAcceptance,
  period: ReportPeriod,
  stored: ReadonlyMap<string, StoredWeek>,
): RiskAcceptance {
  if (period.kind !== 'iso-week') return acceptance;
  const before = Array.from({ length: STALE_AFTER_WEEKS - 1 }, (_, i) => shiftWeek(period, -(i + 1)).label);
  return {
    ...acceptance,
    exceptions: acceptance.exceptions.map((status) => ({
      ...status,
      stale:
        status.state === 'in-force' &&
        status.matched === 0 &&
        before.every((week) => stored.get(week)?.exceptionMatches?.get(status.exception.id) === 0),
    })),
  };
}
