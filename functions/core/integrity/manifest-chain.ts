import { DAY_MS, type ReportPeriod, shiftWeek, utcDayStarting } from '../period/period.js';
import { MANIFEST_FILE, type ManifestScope } from './manifest.js';
import { revisionPrefix } from './revision-layout.js';

/** A revision folder's sub-folder for `scope`: itself, or `tenants/<tenantId>/` in it. */
export const scopeFolder = (folder: string, scope: ManifestScope): string =>
  scope.kind === 'tenant' ? `${folder}tenants/${scope.tenantId}/` : folder;

/** A day's label (`YYYY-MM-DD`): its folder is under `days/`. */
const DAY_LABEL = /^\d{4}-\d{2}-\d{2}$/;

/** `reports/<projectId>/<period>/` (a day under `days/`) or, for a tenant, `…/tenants/<tenantId>/`. */
export function reportFolder(projectId: string, periodLabel: string, scope: ManifestScope): string {
  return scopeFolder(periodFolder(projectId, periodLabel), scope);
}

/** `reports/<projectId>/<period>/`, a day's under `days/`: the folder of revision 1. */
export const periodFolder = (projectId: string, periodLabel: string): string =>
  `reports/${projectId}/${DAY_LABEL.test(periodLabel) ? 'days/' : ''}${periodLabel}/`;

/**
 * Where the previous period's manifest of the same scope is: the ISO week before, or for a day the
 * day before (days chain among themselves, like weeks), in its revision `revision` (the newest
 * sealed one when this is sealed). A custom range has no previous period, so
 * it starts no chain and links to nothing.
 */
export function previousManifestKey(
  projectId: string,
  period: ReportPeriod,
  scope: ManifestScope,
  revision = 1,
): { period: string; key: string } | undefined {
  if (period.kind === 'custom') return undefined;
  const previous =
    period.kind === 'day' ? utcDayStarting(period.from - DAY_MS).label : shiftWeek(period, -1).label;
  const folder = revisionPrefix(periodFolder(projectId, previous), revision);
  return { period: previous, key: `${scopeFolder(folder, scope)}${MANIFEST_FILE}` };
}
