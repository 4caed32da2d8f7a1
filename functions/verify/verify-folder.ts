import type { StoredObject } from '../adapters/report-reader.js';
import { checkListedFile, type ExpectedManifest } from '../core/integrity/check-manifest.js';
import { MANIFEST_FILE, type ManifestEntry, SIGNATURE_FILE } from '../core/integrity/manifest.js';
import { isOperationalFile, tenantOfManifest } from '../core/integrity/report-files.js';
import { REVISIONS_FOLDER } from '../core/integrity/revision-layout.js';
import { verifyAttestation } from './verify-attestation.js';
import { addProblem, type VerifyContext } from './verify-context.js';
import { type CheckedManifest, checkManifest, checkPreviousLink } from './verify-manifest.js';
import { checkRevisionLink } from './verify-revision-link.js';
import { accountForTenantFiles } from './verify-tenant-files.js';
import { checkSealedVersions } from './verify-versions.js';

/** What was checked in one report folder. */
export interface FolderResult {
  manifest?: CheckedManifest;
  files: number;
  tenants: number;
}

/**
 * Verifies the report folder at `prefix` against what its path says it is (`expected`): its
 * manifest and signature, every listed file's size and SHA-256, no file missing and none extra, none
 * that is not a regular file, every file under `tenants/<id>/` accounted for by that tenant's own
 * manifest too (each checked in turn), the links to the previous period and to the revision it
 * supersedes, a reviewer's sign-off where one is stored, and (in a bucket) that no sealed file has a
 * newer version. Problems name files as `label` + their name in the folder.
 */
export async function verifyFolder(
  context: VerifyContext,
  prefix: string,
  expected: ExpectedManifest,
  label = '',
): Promise<FolderResult> {
  const stored = await storedFiles(context, prefix, expected, label);
  const checked = await checkManifest(context, prefix, label, expected);
  if (!checked) return { files: 0, tenants: 0 };
  const { manifest } = checked;
  const tenantManifests = new Map<string, Uint8Array>();
  for (const entry of manifest.files) {
    const body = await readListed(context, prefix, label, entry, stored.get(entry.name));
    if (body && tenantOfManifest(entry.name)) tenantManifests.set(entry.name, body);
  }
  const listed = new Map(manifest.files.map((e) => [e.name, e]));
  for (const [name, object] of stored) {
    if (!listed.has(name) && !isOperationalFile(name) && !object.irregular)
      addProblem(context, `${label}${name}`, 'not listed in the manifest');
  }
  const signatures = manifest.signing ? [SIGNATURE_FILE] : [];
  const tenantFiles = new Map<string, ReadonlySet<string>>();
  for (const [name, body] of tenantManifests) {
    const folder = name.slice(0, -MANIFEST_FILE.length);
    const tenant = await checkManifest(
      context,
      `${prefix}${folder}`,
      `${label}${folder}`,
      {
        ...expected,
        scope: { kind: 'tenant', tenantId: folder.slice('tenants/'.length, -1) },
      },
      body,
    );
    if (tenant?.manifest.signing) signatures.push(`${folder}${SIGNATURE_FILE}`);
    if (tenant) {
      tenantFiles.set(folder, new Set(tenant.manifest.files.map((e) => e.name)));
      await checkTenantAgreement(context, label, folder, tenant, listed);
    }
    await verifyAttestation(context, prefix, label, folder, listed, expected);
  }
  accountForTenantFiles(context, label, [...stored.keys()], tenantFiles);
  await verifyAttestation(context, prefix, label, '', listed, expected);
  await checkPreviousLink(context, manifest, label);
  await checkRevisionLink(context, manifest, label);
  await checkSealedVersions(context, prefix, label, [...listed.keys(), MANIFEST_FILE, ...signatures]);
  return { manifest: checked, files: manifest.files.length, tenants: tenantManifests.size };
}

/** The folder's stored files by name; irregular ones are reported here, and never read. */
async function storedFiles(
  context: VerifyContext,
  prefix: string,
  expected: ExpectedManifest,
  label: string,
): Promise<Map<string, StoredObject>> {
  const stored = new Map<string, StoredObject>();
  for (const object of await context.reader.list(prefix)) {
    const name = object.key.slice(prefix.length);
    // The period's own folder holds the later revisions, each verified as a folder of its own.
    if (expected.revision === 1 && expected.scope.kind === 'project' && name.startsWith(REVISIONS_FOLDER))
      continue;
    if (object.irregular)
      addProblem(context, `${label}${name}`, `is ${object.irregular}, not a regular file: not read`);
    stored.set(name, object);
  }
  return stored;
}

async function readListed(
  context: VerifyContext,
  prefix: string,
  label: string,
  entry: ManifestEntry,
  object: StoredObject | undefined,
): Promise<Uint8Array | undefined> {
  const file = `${label}${entry.name}`;
  if (object?.irregular) return undefined;
  const body = object ? await context.reader.get(`${prefix}${entry.name}`) : undefined;
  if (!body) {
    addProblem(context, file, 'missing');
    return undefined;
  }
  const differs = checkListedFile(entry, body);
  if (differs) {
    addProblem(context, file, differs);
    return undefined;
  }
  return body;
}

/** A tenant manifest's entries must be the project manifest's entries for that tenant's folder. */
async function checkTenantAgreement(
  context: VerifyContext,
  label: string,
  folder: string,
  tenant: CheckedManifest,
  project: ReadonlyMap<string, ManifestEntry>,
): Promise<void> {
  for (const entry of tenant.manifest.files) {
    const same = project.get(`${folder}${entry.name}`);
    if (!same || same.sha256 !== entry.sha256 || same.bytes !== entry.bytes) {
      addProblem(
        context,
        `${label}${folder}${entry.name}`,
        `listed differently by ${folder}${MANIFEST_FILE} and the project manifest`,
      );
    }
  }
  await checkPreviousLink(context, tenant.manifest, `${label}${folder}`);
  await checkRevisionLink(context, tenant.manifest, `${label}${folder}`);
}
