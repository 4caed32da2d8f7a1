import type { ReportCatalog } from '../catalog/report-catalog.js';
import type { ReportPeriod } from '../period/period.js';
import { storedCoversFindings } from './headline-history.js';
import type { StoredWeek } from './stored-summary.js';

/** Why a run sends no analytics search when its stored weeks answer everything. */
export const STORED_WEEKS_SUFFICE = 'the stored reports cover the weeks before: no analytics search needed';

/**
 * Why the run needs no Descope analytics search, or `undefined` when analytics must fill what the
 * stored weeks lack. The stored reports of the weeks before suffice when per-tenant reports are off
 * (a tenant's history comes from the tenant-grouped search), every week of the findings' history
 * lists its countries, and every stored week has a headline for every query of the catalog.
 */
export function analyticsUnneeded(
  period: ReportPeriod,
  stored: ReadonlyMap<string, StoredWeek>,
  catalog: Pick<ReportCatalog, 'queries' | 'tenants'>,
): string | undefined {
  if (catalog.tenants.enabled || !storedCoversFindings(period, stored)) return undefined;
  const complete = [...stored.values()].every((week) =>
    catalog.queries.every((query) => week.headlines.has(query.id)),
  );
  return complete ? STORED_WEEKS_SUFFICE : undefined;
}
