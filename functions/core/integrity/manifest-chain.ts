import { DAY_MS, type ReportPeriod, shiftWeek, utcDayStarting } from '../period/period.js';
import { MANIFEST_FILE, type ManifestScope } from './manifest.js';

/** A day's label (`YYYY-MM-DD`): its folder is under `days/`. */
const DAY_LABEL = /^\d{4}-\d{2}-\d{2}$/;

/** `reports/<projectId>/<period>/` (a day under `days/`) or, for a tenant, `…/tenants/<tenantId>/`. */
export function reportFolder(projectId: string, periodLabel: string, scope: ManifestScope): string {
  const base = `reports/${projectId}/${DAY_LABEL.test(periodLabel) ? 'days/' : ''}${periodLabel}/`;
  return scope.kind === 'tenant' ? `${base}tenants/${scope.tenantId}/` : base;
}

/**
 * Where the previous period's manifest of the same scope is: the ISO week before, or for a day the
 * day before (days chain among themselves, like weeks). A custom range has no previous period, so
 * it starts no chain and links to nothing.
 */
export function previousManifestKey(
  projectId: string,
  period: ReportPeriod,
  scope: ManifestScope,
): { period: string; key: string } | undefined {
  if (period.kind === 'custom') return undefined;
  const previous =
    period.kind === 'day' ? utcDayStarting(period.from - DAY_MS).label : shiftWeek(period, -1).label;
  return { period: previous, key: `${reportFolder(projectId, previous, scope)}${MANIFEST_FILE}` };
}
