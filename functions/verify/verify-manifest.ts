import { checkManifestBytes, type ExpectedManifest } from '../core/integrity/check-manifest.js';
import { MANIFEST_FILE, type Manifest, SIGNATURE_FILE, sha256Hex } from '../core/integrity/manifest.js';
import { parseReportFolder } from '../core/integrity/report-path.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/** A manifest read back: its bytes' SHA-256, what it says, and whether its signature verified. */
export interface CheckedManifest {
  manifest: Manifest;
  sha256: string;
  signatureVerified: boolean;
}

/**
 * Reads the manifest at `folder` (a key prefix) and its signature, and checks them
 * (`checkManifestBytes`): canonical form, the folder `expected` (what its path says), and the
 * signature against the given keys. Problems name `label`-relative files (`tenants/x/manifest.sig`).
 */
export async function checkManifest(
  context: VerifyContext,
  folder: string,
  label: string,
  expected: ExpectedManifest | undefined,
  body?: Uint8Array,
): Promise<CheckedManifest | undefined> {
  const bytes = body ?? (await context.reader.get(`${folder}${MANIFEST_FILE}`));
  if (!bytes) {
    addProblem(context, `${label}${MANIFEST_FILE}`, 'missing');
    return undefined;
  }
  const signature = await context.reader.get(`${folder}${SIGNATURE_FILE}`);
  const verdict = checkManifestBytes({ bytes, signature, keys: context.keys, expected });
  for (const p of verdict.problems) {
    const problem =
      p.problem === 'not checked: no public key was given'
        ? 'not checked: give the public key with --public-key FILE'
        : p.problem;
    addProblem(context, `${label}${p.file}`, problem);
  }
  if (!verdict.manifest) return undefined;
  return { manifest: verdict.manifest, sha256: verdict.sha256, signatureVerified: verdict.signatureVerified };
}

/**
 * Checks the manifest's link to the previous period: the linked manifest must still hash to what
 * was linked. In a bucket a missing previous manifest is a problem; a downloaded folder may simply
 * not hold it.
 */
export async function checkPreviousLink(
  context: VerifyContext,
  manifest: Manifest,
  label: string,
): Promise<void> {
  const link = manifest.previous;
  if (!link) {
    context.notes.push(`${label || '.'}: a custom period, linked to no previous period`);
    return;
  }
  const linked = parseReportFolder(link.key);
  if (
    !linked ||
    linked.period !== link.period ||
    linked.projectId !== manifest.projectId ||
    JSON.stringify(linked.scope) !== JSON.stringify(manifest.scope)
  ) {
    addProblem(
      context,
      `${label}${MANIFEST_FILE}`,
      `links ${link.key}, which is not the ${link.period} manifest of its scope`,
    );
    return;
  }
  const body = await context.reader.get(link.key);
  if (link.sha256 === null) {
    context.notes.push(
      body
        ? `${link.key}: stored after ${label || 'this report'} was sealed (not linked)`
        : `${label || 'this report'}: the chain starts here (no ${link.period} manifest when it was sealed)`,
    );
    return;
  }
  if (!body) {
    if (context.reader.complete) addProblem(context, link.key, `missing: ${label}manifest.json links it`);
    else context.notes.push(`${link.key}: not in this folder, link not checked`);
    return;
  }
  const actual = sha256Hex(body);
  if (actual !== link.sha256) {
    addProblem(
      context,
      link.key,
      `SHA-256 ${actual} differs from ${link.sha256} linked by ${label}manifest.json (previous period replaced or edited)`,
    );
  }
}
