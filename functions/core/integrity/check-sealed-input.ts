import { isValidSignature } from './check-signature.js';
import { type Manifest, type ManifestScope, sha256Hex } from './manifest.js';
import { parseManifest } from './parse-manifest.js';

/** A public key the checker trusts (read from the signer itself, never from the bucket). */
export interface TrustedKey {
  pem: string;
  /** SHA-256 of its SubjectPublicKeyInfo DER, lower-case hex. */
  fingerprint: string;
}

/** Whose sealed folder a stored manifest must be: the project, the period and the scope. */
export interface SealExpectation {
  projectId: string;
  period: string;
  scope: ManifestScope;
}

export type SealedManifestCheck =
  | { ok: true; manifest: Manifest; sha256: string }
  | { ok: false; problem: string };

const describeScope = (scope: ManifestScope) =>
  scope.kind === 'tenant' ? `tenant ${scope.tenantId}` : 'project';

/**
 * Whether stored manifest bytes are a sealed folder's manifest that `key` signed: a version 2
 * manifest stating the expected project, period and scope (another week's intact manifest copied
 * over this one is refused), naming `key` and carrying a detached signature that verifies with it.
 * The problem names what failed, for a reader of the report.
 */
export function checkSealedManifest(
  body: Uint8Array,
  signature: Uint8Array | undefined,
  key: TrustedKey,
  expected: SealExpectation,
): SealedManifestCheck {
  const parsed = parseManifest(body);
  if (!parsed.ok) return { ok: false, problem: `the manifest ${parsed.problem}` };
  const { manifest } = parsed;
  if (manifest.projectId !== expected.projectId)
    return {
      ok: false,
      problem: `the manifest is project ${manifest.projectId}'s, not ${expected.projectId}'s`,
    };
  if (manifest.period !== expected.period)
    return { ok: false, problem: `the manifest states period ${manifest.period}, not ${expected.period}` };
  if (describeScope(manifest.scope) !== describeScope(expected.scope))
    return {
      ok: false,
      problem: `the manifest is the ${describeScope(manifest.scope)}'s, not the ${describeScope(expected.scope)}'s`,
    };
  if (!manifest.signing) return { ok: false, problem: 'the manifest is not signed' };
  if (manifest.signing.keyFingerprint !== key.fingerprint)
    return {
      ok: false,
      problem: `the manifest names signing key ${manifest.signing.keyFingerprint}, not this run's key ${key.fingerprint}`,
    };
  if (!signature) return { ok: false, problem: 'manifest.sig is missing' };
  if (!isValidSignature(body, signature, key.pem))
    return { ok: false, problem: "manifest.sig does not verify with this run's public key" };
  return { ok: true, manifest, sha256: sha256Hex(body) };
}

/**
 * Whether `body` is the file `name` as a verified manifest lists it (size and SHA-256); the problem
 * otherwise. A file the manifest does not list is not part of the sealed folder.
 */
export function checkListedFile(manifest: Manifest, name: string, body: Uint8Array): string | undefined {
  const entry = manifest.files.find((f) => f.name === name);
  if (!entry) return `${name} is not listed in its folder's manifest`;
  const sha256 = sha256Hex(body);
  if (entry.bytes !== body.byteLength || entry.sha256 !== sha256)
    return `${name} differs from its folder's manifest (SHA-256 ${sha256}, sealed ${entry.sha256})`;
  return undefined;
}
