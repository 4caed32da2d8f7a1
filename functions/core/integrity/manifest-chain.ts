import { type ReportPeriod, shiftWeek } from '../period/period.js';
import { MANIFEST_FILE, type ManifestScope } from './manifest.js';
import { revisionPrefix } from './revision-layout.js';

/** A revision folder's sub-folder for `scope`: itself, or `tenants/<tenantId>/` in it. */
export const scopeFolder = (folder: string, scope: ManifestScope): string =>
  scope.kind === 'tenant' ? `${folder}tenants/${scope.tenantId}/` : folder;

/** `reports/<projectId>/<period>/` or, for a tenant, `…/tenants/<tenantId>/`. */
export function reportFolder(projectId: string, periodLabel: string, scope: ManifestScope): string {
  return scopeFolder(`reports/${projectId}/${periodLabel}/`, scope);
}

/**
 * Where the previous period's manifest of the same scope is: the ISO week before, in its revision
 * `revision` (the newest sealed one when this is sealed). A custom range has no previous period, so
 * it starts no chain and links to nothing.
 */
export function previousManifestKey(
  projectId: string,
  period: ReportPeriod,
  scope: ManifestScope,
  revision = 1,
): { period: string; key: string } | undefined {
  if (period.kind !== 'iso-week') return undefined;
  const previous = shiftWeek(period, -1).label;
  const folder = revisionPrefix(`reports/${projectId}/${previous}/`, revision);
  return { period: previous, key: `${scopeFolder(folder, scope)}${MANIFEST_FILE}` };
}
