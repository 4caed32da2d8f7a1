import { MANIFEST_FILE, type ManifestEntry, sha256Hex } from '../core/integrity/manifest.js';
import { isOperationalFile, tenantOfManifest } from '../core/integrity/report-files.js';
import { verifyAttestation } from './verify-attestation.js';
import { addProblem, type VerifyContext } from './verify-context.js';
import { type CheckedManifest, checkManifest, checkPreviousLink } from './verify-manifest.js';

/** What was checked in one report folder. */
export interface FolderResult {
  manifest?: CheckedManifest;
  files: number;
  tenants: number;
}

/**
 * Verifies the report folder at `prefix`: its manifest and signature, every listed file's size
 * and SHA-256, no file missing and none extra (tenant folders included), each tenant's manifest
 * (signature, agreement with the project's entries, its own chain link) and the link to the
 * previous period, and a reviewer's sign-off of the access review where one is stored.
 */
export async function verifyFolder(context: VerifyContext, prefix: string): Promise<FolderResult> {
  const checked = await checkManifest(context, prefix, '');
  if (!checked) return { files: 0, tenants: 0 };
  const { manifest } = checked;
  const stored = new Map(
    (await context.reader.list(prefix)).map((o) => [o.key.slice(prefix.length), o.bytes]),
  );
  const bodies = new Map<string, Uint8Array>();
  for (const entry of manifest.files) {
    const bytes = stored.get(entry.name);
    if (bytes === undefined) {
      addProblem(context, entry.name, 'missing');
      continue;
    }
    const body = await context.reader.get(`${prefix}${entry.name}`);
    if (!body) {
      addProblem(context, entry.name, 'missing');
      continue;
    }
    if (body.byteLength !== entry.bytes) {
      addProblem(context, entry.name, `size ${body.byteLength} bytes, the manifest says ${entry.bytes}`);
      continue;
    }
    const sha256 = sha256Hex(body);
    if (sha256 !== entry.sha256)
      addProblem(context, entry.name, `SHA-256 ${sha256}, the manifest says ${entry.sha256}`);
    else if (tenantOfManifest(entry.name)) bodies.set(entry.name, body);
  }
  const listed = new Set(manifest.files.map((e) => e.name));
  for (const name of stored.keys()) {
    if (!listed.has(name) && !isOperationalFile(name))
      addProblem(context, name, 'not listed in the manifest');
  }
  let tenants = 0;
  const byName = new Map(manifest.files.map((e) => [e.name, e]));
  await verifyAttestation(context, prefix, '', byName);
  for (const [name, body] of bodies) {
    tenants += 1;
    await verifyTenantManifest(context, prefix, name, body, manifest.files);
    await verifyAttestation(context, prefix, name.slice(0, -MANIFEST_FILE.length), byName);
  }
  await checkPreviousLink(context, manifest, '');
  return { manifest: checked, files: manifest.files.length, tenants };
}

async function verifyTenantManifest(
  context: VerifyContext,
  prefix: string,
  name: string,
  body: Uint8Array,
  projectFiles: readonly ManifestEntry[],
): Promise<void> {
  const label = name.slice(0, -MANIFEST_FILE.length);
  const tenant = await checkManifest(context, `${prefix}${label}`, label, body);
  if (!tenant) return;
  const project = new Map(projectFiles.map((e) => [e.name, e]));
  for (const entry of tenant.manifest.files) {
    const same = project.get(`${label}${entry.name}`);
    if (!same || same.sha256 !== entry.sha256 || same.bytes !== entry.bytes) {
      addProblem(context, `${label}${entry.name}`, `listed differently by ${name} and the project manifest`);
    }
  }
  await checkPreviousLink(context, tenant.manifest, label);
}
