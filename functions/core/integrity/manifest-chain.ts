import { type ReportPeriod, shiftWeek } from '../period/period.js';
import { MANIFEST_FILE, type ManifestScope } from './manifest.js';

/** `reports/<projectId>/<period>/` or, for a tenant, `…/tenants/<tenantId>/`. */
export function reportFolder(projectId: string, periodLabel: string, scope: ManifestScope): string {
  const base = `reports/${projectId}/${periodLabel}/`;
  return scope.kind === 'tenant' ? `${base}tenants/${scope.tenantId}/` : base;
}

/**
 * Where the previous period's manifest of the same scope is: the ISO week before. A custom range
 * has no previous period, so it starts no chain and links to nothing.
 */
export function previousManifestKey(
  projectId: string,
  period: ReportPeriod,
  scope: ManifestScope,
): { period: string; key: string } | undefined {
  if (period.kind !== 'iso-week') return undefined;
  const previous = shiftWeek(period, -1).label;
  return { period: previous, key: `${reportFolder(projectId, previous, scope)}${MANIFEST_FILE}` };
}
