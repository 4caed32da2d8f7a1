import type { SigningKeyInfo } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import { isValidSignature } from '../../core/integrity/check-signature.js';
import {
  describeFile,
  MANIFEST_FILE,
  type ManifestEntry,
  SIGNATURE_FILE,
} from '../../core/integrity/manifest.js';
import type { ReportData, ReportLocation } from '../../core/report/report-model.js';
import type { ReportSet } from '../../core/report/report-set.js';
import { ReportStorageError } from '../../shared/errors.js';
import { acceptsPlan } from './accept-revision.js';
import { type PlannedFolder, planReportSet, type ReportSetPlan } from './plan-report-set.js';
import type { RevisionWriter } from './revision-writer.js';
import { publishSigningKey, type Sealing } from './seal-manifest.js';

/** A stored tenant report and where it is. */
export interface StoredTenantReport {
  tenantId: string;
  data: ReportData;
  location: ReportLocation;
}

export interface StoredReportSet {
  /** Where the project report is: the revision the run sealed (or found in place). */
  location: ReportLocation;
  revision: number;
  /** Nothing was written: the revision already held exactly this report set. */
  inPlace: boolean;
  keys: string[];
  /** The project report, its seal completed with the stored manifest's SHA-256. */
  project: ReportData;
  tenants: StoredTenantReport[];
}

/**
 * Stores every report of the run in the writer's revision: each tenant's files and its own sealed
 * manifest first, then the project's files, then the project manifest listing everything (evidence
 * and tenants' files and manifests included), so its presence means every file it lists was stored.
 * Everything is rendered first: when the revision cannot take it unchanged (a sealed revision with
 * other data), the set is rendered again for the next revision, where it is then written.
 */
export async function storeReportSet(
  store: ReportStore,
  target: RevisionWriter,
  build: (location: ReportLocation) => ReportSet,
  evidence: readonly ManifestEntry[],
  sealing: Sealing = {},
  options: { binder?: (data: ReportData) => Promise<Buffer> } = {},
): Promise<StoredReportSet> {
  const key = await publishSigningKey(store, sealing);
  for (;;) {
    const plan = await planReportSet({
      store,
      target,
      build,
      evidence,
      key,
      sealing,
      binder: options.binder,
    });
    if (await acceptsPlan(store, target, plan, key)) {
      const inPlace = target.sealed !== undefined;
      if (!inPlace) await writePlan(store, target, plan, sealing, key);
      return storedSet(plan, evidence, inPlace, sealing);
    }
    await target.moveOn();
  }
}

async function writePlan(
  store: ReportStore,
  target: RevisionWriter,
  plan: ReportSetPlan,
  sealing: Sealing,
  key: SigningKeyInfo | undefined,
): Promise<void> {
  for (const folder of [...plan.tenants, plan.project]) {
    for (const file of folder.files) await target.place({ ...file, name: `${folder.folder}${file.name}` });
    await placeManifest(store, target, folder, sealing, key);
    if (target.revision !== plan.revision) {
      throw new ReportStorageError(
        `${target.periodPrefix}: another writer changed revision ${plan.revision}`,
      );
    }
  }
}

/** The signature first (unless one already signs these bytes), then the manifest. */
async function placeManifest(
  store: ReportStore,
  target: RevisionWriter,
  folder: PlannedFolder,
  sealing: Sealing,
  key: SigningKeyInfo | undefined,
): Promise<void> {
  const base = `${target.prefix}${folder.folder}`;
  if (folder.data.seal?.signing && sealing.signer && key) {
    const stored = await store.get(`${base}${SIGNATURE_FILE}`);
    if (!stored || !isValidSignature(folder.manifest, stored, key.publicKeyPem)) {
      const body = await sealing.signer.sign(folder.manifest);
      await target.place({
        ...describeFile(`${folder.folder}${SIGNATURE_FILE}`, body),
        contentType: 'application/octet-stream',
        source: { body },
      });
    }
  }
  await target.place({
    ...describeFile(`${folder.folder}${MANIFEST_FILE}`, folder.manifest),
    contentType: 'application/json',
    source: { body: folder.manifest },
  });
}

function storedSet(
  plan: ReportSetPlan,
  evidence: readonly ManifestEntry[],
  inPlace: boolean,
  sealing: Sealing,
): StoredReportSet {
  const { project } = plan;
  const signed = project.data.seal?.signing && sealing.signer;
  const names = [
    ...evidence.map((e) => e.name),
    ...[...plan.tenants, project].flatMap((f) => [
      ...f.files.map((file) => `${f.folder}${file.name}`),
      ...(signed ? [`${f.folder}${SIGNATURE_FILE}`] : []),
      `${f.folder}${MANIFEST_FILE}`,
    ]),
  ];
  const sealedData = (f: PlannedFolder): ReportData =>
    f.data.seal
      ? { ...f.data, seal: { ...f.data.seal, manifestSha256: describeFile('', f.manifest).sha256 } }
      : f.data;
  return {
    location: project.location,
    revision: plan.revision,
    inPlace,
    keys: names.map((name) => `${project.location.prefix}${name}`).sort(),
    project: sealedData(project),
    tenants: plan.tenants.map((t) => ({ tenantId: t.tenantId, data: sealedData(t), location: t.location })),
  };
}
