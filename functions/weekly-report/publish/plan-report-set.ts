import type { SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { describeFile, MANIFEST_FILE, type ManifestEntry } from '../../core/integrity/manifest.js';
import { shiftWeek } from '../../core/period/period.js';
import type { ReportData, ReportLocation } from '../../core/report/report-model.js';
import { reportPrefix, tenantPrefix } from '../../core/report/report-prefix.js';
import type { ReportSet } from '../../core/report/report-set.js';
import { BINDER_FILE } from './binder-file.js';
import { renderComplianceFiles } from './compliance-files.js';
import { type ReportFile, renderReportFiles } from './report-files.js';
import type { FileToPlace, RevisionWriter } from './revision-writer.js';
import {
  planSeal,
  renderSealedManifest,
  type Sealing,
  type SealLinks,
  type SealTarget,
} from './seal-manifest.js';
import { newestSealedRevision } from './sealed-revisions.js';

/** One folder of the report set, rendered for a revision: its files and its (unsigned) manifest. */
export interface PlannedFolder {
  /** The folder inside the revision: '' or `tenants/<id>/`. */
  folder: string;
  target: SealTarget;
  data: ReportData;
  location: ReportLocation;
  files: FileToPlace[];
  manifest: Buffer;
}

/** Every file of a report set rendered for one revision, before anything is written. */
export interface ReportSetPlan {
  revision: number;
  tenants: Array<PlannedFolder & { tenantId: string }>;
  project: PlannedFolder;
}

export interface PlanReportSetInput {
  store: ReportStore;
  target: RevisionWriter;
  /** The reports to store, given where they will be (a rollup's SQL names paths relative to it). */
  build: (location: ReportLocation) => ReportSet;
  /** The evidence parts already placed in the revision, listed by the project manifest. */
  evidence: readonly ManifestEntry[];
  key: SigningKeyInfo | undefined;
  sealing: Sealing;
  /** Prints the project report's `binder.pdf` (a month, quarter or year run with a binder). */
  binder?: (data: ReportData) => Promise<Buffer>;
}

const toPlace = (file: ReportFile): FileToPlace => {
  if ('file' in file) {
    const { path, bytes, sha256 } = file.file;
    return { name: file.name, contentType: file.contentType, bytes, sha256, source: { path } };
  }
  const body = Buffer.from(file.body, 'utf8');
  return { ...describeFile(file.name, body), contentType: file.contentType, source: { body } };
};

const entry = (f: ManifestEntry, folder = ''): ManifestEntry => ({
  name: `${folder}${f.name}`,
  bytes: f.bytes,
  sha256: f.sha256,
});

/**
 * Renders every folder of the report set for the writer's current revision (where it is stored and
 * what it links are part of what the pages say): each tenant's files and manifest, then the
 * project's, whose manifest lists the evidence and every tenant file and manifest.
 */
export async function planReportSet(input: PlanReportSetInput): Promise<ReportSetPlan> {
  const { store, target, key, sealing } = input;
  const location: ReportLocation = { ...store.describe(target.prefix), prefix: target.prefix };
  const reports = input.build(location);
  const { projectId, period } = reports.project;
  const previousWeek =
    period.kind === 'iso-week' ? reportPrefix(projectId, shiftWeek(period, -1)) : undefined;
  const links: SealLinks = {
    previousRevision: previousWeek ? ((await newestSealedRevision(store, previousWeek))?.revision ?? 1) : 1,
    revision: target.revision,
    superseded:
      target.revision > 1
        ? (await newestSealedRevision(store, target.periodPrefix, target.revision))?.prefix
        : undefined,
  };
  const plan = async (data: ReportData, folder: string): Promise<PlannedFolder> => {
    const sealTarget = { projectId, period, scope: data.scope };
    const sealed = { ...data, seal: await planSeal(store, sealTarget, key, sealing, links) };
    const folderLocation = {
      ...store.describe(`${target.prefix}${folder}`),
      prefix: `${target.prefix}${folder}`,
    };
    const files = renderReportFiles(sealed, folderLocation).map(toPlace);
    if (folder === '' && input.binder) {
      const body = await input.binder(sealed);
      files.push({ ...describeFile(BINDER_FILE, body), contentType: 'application/pdf', source: { body } });
    }
    const others = folder === '' ? [...input.evidence, ...tenantEntries] : [];
    // The compliance CSVs name the folder's other files with the SHA-256 the manifest lists.
    const rendered = [...others, ...files.map((f) => entry(f))];
    files.push(...renderComplianceFiles(sealed, rendered).map(toPlace));
    const listed = [...others, ...files.map((f) => entry(f))];
    const manifest = renderSealedManifest(sealTarget, sealed.seal, listed);
    return { folder, target: sealTarget, data: sealed, location: folderLocation, files, manifest };
  };
  const tenants: ReportSetPlan['tenants'] = [];
  const tenantEntries: ManifestEntry[] = [];
  for (const data of reports.tenants) {
    if (data.scope.kind !== 'tenant') continue;
    const folder = tenantPrefix('', data.scope.tenantId);
    const planned = await plan(data, folder);
    tenants.push({ ...planned, tenantId: data.scope.tenantId });
    tenantEntries.push(
      ...planned.files.map((f) => entry(f, folder)),
      entry(describeFile(MANIFEST_FILE, planned.manifest), folder),
    );
  }
  return { revision: target.revision, tenants, project: await plan(reports.project, '') };
}
