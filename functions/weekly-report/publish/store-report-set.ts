import type { ReportStore } from '../../adapters/report-store.js';
import { MANIFEST_FILE, type ManifestEntry, SIGNATURE_FILE } from '../../core/integrity/manifest.js';
import type { ReportData, ReportLocation } from '../../core/report/report-model.js';
import { tenantPrefix } from '../../core/report/report-prefix.js';
import type { ReportSet } from '../../core/report/report-set.js';
import { renderComplianceFiles } from './compliance-files.js';
import { renderReportFiles } from './report-files.js';
import { planSeal, publishSigningKey, type Sealing, storeSealedManifest } from './seal-manifest.js';
import { storeReportFiles } from './store-report-files.js';

/** A stored tenant report and where it is. */
export interface StoredTenantReport {
  tenantId: string;
  data: ReportData;
  location: ReportLocation;
}

export interface StoredReportSet {
  keys: string[];
  /** The project report, its seal completed with the stored manifest's SHA-256. */
  project: ReportData;
  tenants: StoredTenantReport[];
}

/**
 * Stores every report of the run: each tenant's files and its own sealed manifest first, then the
 * project's files, then the project manifest listing everything (evidence and tenants' files and
 * manifests included). The project manifest goes last: its presence means every file it lists was
 * stored. Each folder's compliance CSVs follow its other files, whose hashes they name. Each folder's seal (signing key, link to the previous week's manifest of the same scope)
 * is planned before its files are rendered, so report.html can name it.
 */
export async function storeReportSet(
  store: ReportStore,
  location: ReportLocation,
  reports: ReportSet,
  evidence: readonly ManifestEntry[],
  sealing: Sealing = {},
): Promise<StoredReportSet> {
  const { prefix } = location;
  const { projectId, period } = reports.project;
  const key = await publishSigningKey(store, sealing);
  const entries: ManifestEntry[] = [...evidence];
  const tenants: StoredTenantReport[] = [];
  const sealed: string[] = [];
  for (const tenantData of reports.tenants) {
    if (tenantData.scope.kind !== 'tenant') continue;
    const { tenantId } = tenantData.scope;
    const folder = tenantPrefix(prefix, tenantId);
    const target = { projectId, period, scope: tenantData.scope };
    const data = { ...tenantData, seal: await planSeal(store, target, key, sealing) };
    const tenantLocation = { ...store.describe(folder), prefix: folder };
    const files = await storeReportFiles(store, folder, renderReportFiles(data, tenantLocation));
    files.push(...(await storeReportFiles(store, folder, renderComplianceFiles(data, files))));
    const manifest = await storeSealedManifest(store, folder, target, data.seal, files, sealing.signer);
    entries.push(...[...files, manifest].map((e) => ({ ...e, name: `tenants/${tenantId}/${e.name}` })));
    if (data.seal.signing) sealed.push(`tenants/${tenantId}/${SIGNATURE_FILE}`);
    tenants.push({
      tenantId,
      data: { ...data, seal: { ...data.seal, manifestSha256: manifest.sha256 } },
      location: tenantLocation,
    });
  }
  const target = { projectId, period, scope: { kind: 'project' as const } };
  const project = { ...reports.project, seal: await planSeal(store, target, key, sealing) };
  entries.push(...(await storeReportFiles(store, prefix, renderReportFiles(project, location))));
  entries.push(...(await storeReportFiles(store, prefix, renderComplianceFiles(project, entries))));
  const manifest = await storeSealedManifest(store, prefix, target, project.seal, entries, sealing.signer);
  if (project.seal.signing) sealed.push(SIGNATURE_FILE);
  const keys = [...entries.map((e) => e.name), ...sealed, MANIFEST_FILE]
    .map((name) => `${prefix}${name}`)
    .sort();
  return {
    keys,
    project: { ...project, seal: { ...project.seal, manifestSha256: manifest.sha256 } },
    tenants,
  };
}
