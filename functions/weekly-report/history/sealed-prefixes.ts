import type { ReportStore } from '../../adapters/report-store.js';
import { historyWeeks } from '../../core/history/headline-history.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { newestSealedRevision } from '../publish/sealed-revisions.js';
import { SNAPSHOT_LOOKBACK_WEEKS } from './load-access-history.js';

/**
 * Where each earlier week a run reads is sealed: its newest sealed revision (a re-run whose data
 * changed seals `revisions/<n>/` beside the first, and that is the week as it now stands), looked
 * up once for the weeks before `period` that history and the access review read. A week without a
 * sealed revision stays at its own folder (nothing there verifies, and the reader says so).
 */
export async function sealedPrefixOf(
  store: ReportStore,
  prefixOf: (period: ReportPeriod) => string,
  period: ReportPeriod,
): Promise<(week: ReportPeriod) => string> {
  const sealed = new Map<string, string>();
  if (period.kind === 'iso-week') {
    for (const week of historyWeeks(period, Math.max(historyWeeks(period).length, SNAPSHOT_LOOKBACK_WEEKS))) {
      const newest = await newestSealedRevision(store, prefixOf(week));
      if (newest) sealed.set(week.label, newest.prefix);
    }
  }
  return (week) => sealed.get(week.label) ?? prefixOf(week);
}
