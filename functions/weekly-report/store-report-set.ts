import type { ReportStore } from '../adapters/report-store.js';
import type { ManifestEntry } from '../core/manifest.js';
import type { ReportData, ReportLocation } from '../core/report-model.js';
import type { ReportSet } from '../core/report-set.js';
import { renderReportFiles } from './report-files.js';
import { storeManifest, storeReportFiles } from './store-report-files.js';

/** A stored tenant report and where it is. */
export interface StoredTenantReport {
  tenantId: string;
  data: ReportData;
  location: ReportLocation;
}

/** `<report prefix>tenants/<tenantId>/` (tenant IDs are checked to be safe key segments). */
export const tenantPrefix = (prefix: string, tenantId: string) => `${prefix}tenants/${tenantId}/`;

/**
 * Stores every report of the run: each tenant's files and its own manifest first, then the
 * project's files, then the project manifest listing everything (evidence and tenants' files
 * included). The project manifest goes last: its presence means every file it lists was stored.
 */
export async function storeReportSet(
  store: ReportStore,
  location: ReportLocation,
  reports: ReportSet,
  evidence: readonly ManifestEntry[],
): Promise<{ keys: string[]; tenants: StoredTenantReport[] }> {
  const { prefix } = location;
  const entries: ManifestEntry[] = [...evidence];
  const tenants: StoredTenantReport[] = [];
  for (const data of reports.tenants) {
    if (data.scope.kind !== 'tenant') continue;
    const { tenantId } = data.scope;
    const folder = tenantPrefix(prefix, tenantId);
    const tenantLocation = { ...store.describe(folder), prefix: folder };
    const files = await storeReportFiles(store, folder, renderReportFiles(data, tenantLocation));
    const manifest = await storeManifest(store, folder, files);
    entries.push(...[...files, manifest].map((e) => ({ ...e, name: `tenants/${tenantId}/${e.name}` })));
    tenants.push({ tenantId, data, location: tenantLocation });
  }
  entries.push(...(await storeReportFiles(store, prefix, renderReportFiles(reports.project, location))));
  await storeManifest(store, prefix, entries);
  const keys = [...entries.map((e) => `${prefix}${e.name}`), `${prefix}manifest.json`].sort();
  return { keys, tenants };
}
