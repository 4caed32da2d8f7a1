import { isValidSignature } from '../core/integrity/check-signature.js';
import { type Manifest, SIGNATURE_FILE, sha256Hex } from '../core/integrity/manifest.js';
import { parseManifest } from '../core/integrity/parse-manifest.js';
import { addProblem, type VerifyContext } from './verify-context.js';

/** A manifest read back: its bytes' SHA-256, what it says, and whether its signature verified. */
export interface CheckedManifest {
  manifest: Manifest;
  sha256: string;
  signatureVerified: boolean;
}

/**
 * Reads and parses the manifest at `folder` (a key prefix) and checks its signature against the
 * given key. Problems name `label`-relative files (`manifest.json`, `tenants/x/manifest.sig`).
 */
export async function checkManifest(
  context: VerifyContext,
  folder: string,
  label: string,
  body?: Uint8Array,
): Promise<CheckedManifest | undefined> {
  const bytes = body ?? (await context.reader.get(`${folder}manifest.json`));
  if (!bytes) {
    addProblem(context, `${label}manifest.json`, 'missing');
    return undefined;
  }
  const parsed = parseManifest(bytes);
  if (!parsed.ok) {
    addProblem(context, `${label}manifest.json`, parsed.problem);
    return undefined;
  }
  if (!parsed.canonical)
    addProblem(context, `${label}manifest.json`, 'is not in canonical form (rewritten?)');
  const { manifest } = parsed;
  const checked = { manifest, sha256: sha256Hex(bytes), signatureVerified: false };
  const sigFile = `${label}${SIGNATURE_FILE}`;
  if (!manifest.signing) {
    addProblem(context, `${label}manifest.json`, 'is not signed: nothing proves who wrote it');
    return checked;
  }
  const signature = await context.reader.get(`${folder}${SIGNATURE_FILE}`);
  if (!signature) {
    addProblem(context, sigFile, 'missing');
    return checked;
  }
  if (!context.key) {
    addProblem(context, sigFile, 'not checked: give the public key with --public-key FILE');
    return checked;
  }
  if (manifest.signing.keyFingerprint !== context.key.fingerprint) {
    addProblem(
      context,
      sigFile,
      `the manifest names signing key ${manifest.signing.keyFingerprint}, not the given key ${context.key.fingerprint}`,
    );
  }
  checked.signatureVerified = isValidSignature(bytes, signature, context.key.pem);
  if (!checked.signatureVerified) addProblem(context, sigFile, 'does not verify with the given public key');
  return checked;
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
