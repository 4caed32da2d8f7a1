import type { ReportStore } from '../../adapters/report-store.js';
import { historyWeeks } from '../../core/history/headline-history.js';
import { comparedPeriod, type ReportPeriod } from '../../core/period/period.js';
import { newestSealedRevision } from '../publish/sealed-revisions.js';
import { SNAPSHOT_LOOKBACK_WEEKS } from './load-access-history.js';

/**
 * Where each earlier period a run reads is sealed: its newest sealed revision (a re-run whose data
 * changed seals `revisions/<n>/` beside the first, and that is the period as it now stands), looked
 * up once for the weeks before a week that history and the access review read, or the day before a
 * day. A period without a sealed revision stays at its own folder (nothing there verifies, and the
 * reader says so).
 */
export async function sealedPrefixOf(
  store: ReportStore,
  prefixOf: (period: ReportPeriod) => string,
  period: ReportPeriod,
): Promise<(week: ReportPeriod) => string> {
  const sealed = new Map<string, string>();
  for (const earlier of earlierPeriods(period)) {
    const newest = await newestSealedRevision(store, prefixOf(earlier));
    if (newest) sealed.set(earlier.label, newest.prefix);
  }
  return (week) => sealed.get(week.label) ?? prefixOf(week);
}

/** The periods before `period` a run may read: weeks for a week, the day before for a day. */
function earlierPeriods(period: ReportPeriod): ReportPeriod[] {
  if (period.kind === 'iso-week') {
    return historyWeeks(period, Math.max(historyWeeks(period).length, SNAPSHOT_LOOKBACK_WEEKS));
  }
  const previous = period.kind === 'day' ? comparedPeriod(period) : undefined;
  return previous ? [previous] : [];
}
