import { MANIFEST_FILE, type Manifest, type ManifestScope, SIGNATURE_FILE, sha256Hex } from './manifest.js';
import { parseManifest } from './parse-manifest.js';
import { checkSignedBy, type TrustedKey } from './public-key-set.js';
import type { VerifyProblem } from './report-files.js';

/** What a folder's path says its manifest must state (see `parseReportFolder`). */
export interface ExpectedManifest {
  /** Absent when the path does not name the project (a folder downloaded on its own). */
  projectId?: string;
  period: string;
  scope: ManifestScope;
  /** 1 for the period's own folder. */
  revision: number;
}

/** A manifest checked from its bytes: what it says, its SHA-256, and every problem found. */
export interface ManifestVerdict {
  /** Undefined when the bytes are not a manifest at all. */
  manifest?: Manifest;
  sha256: string;
  signatureVerified: boolean;
  /** Each names `manifest.json` or `manifest.sig`, relative to the manifest's folder. */
  problems: VerifyProblem[];
}

const scopeName = (scope: ManifestScope) =>
  scope.kind === 'tenant' ? `tenant ${scope.tenantId}` : 'project';

/** Where the manifest says it belongs, against where it was found: one sentence per difference. */
export function bindingProblems(manifest: Manifest, expected: ExpectedManifest): string[] {
  const problems: string[] = [];
  const revision = manifest.revision?.number ?? 1;
  if (expected.projectId !== undefined && manifest.projectId !== expected.projectId)
    problems.push(`states project ${manifest.projectId}, but this folder is project ${expected.projectId}'s`);
  if (manifest.period !== expected.period)
    problems.push(
      `states period ${manifest.period}, but this folder is ${expected.period}'s (another period's files?)`,
    );
  if (scopeName(manifest.scope) !== scopeName(expected.scope))
    problems.push(
      `states scope ${scopeName(manifest.scope)}, but this folder is the ${scopeName(expected.scope)} scope's`,
    );
  if (revision !== expected.revision)
    problems.push(`states revision ${revision}, but this folder holds revision ${expected.revision}`);
  return problems;
}

/**
 * Checks a stored manifest from its bytes alone: that it is a version 2 manifest in canonical form,
 * that it states the project, period, scope and revision its folder stands for (`expected`), and
 * that `signature` (the bytes of `manifest.sig`, when stored) verifies it with the key it names,
 * which must be one of `keys`. Pure: the caller reads the files.
 */
export function checkManifestBytes(input: {
  bytes: Uint8Array;
  signature: Uint8Array | undefined;
  keys: readonly TrustedKey[];
  expected?: ExpectedManifest;
}): ManifestVerdict {
  const sha256 = sha256Hex(input.bytes);
  const problems: VerifyProblem[] = [];
  const onManifest = (problem: string) => problems.push({ file: MANIFEST_FILE, problem });
  const onSignature = (problem: string) => problems.push({ file: SIGNATURE_FILE, problem });
  const parsed = parseManifest(input.bytes);
  if (!parsed.ok) {
    onManifest(parsed.problem);
    return { sha256, signatureVerified: false, problems };
  }
  const { manifest } = parsed;
  if (!parsed.canonical) onManifest('is not in canonical form (rewritten?)');
  if (input.expected) for (const problem of bindingProblems(manifest, input.expected)) onManifest(problem);
  let signatureVerified = false;
  if (!manifest.signing) onManifest('is not signed: nothing proves who wrote it');
  else if (!input.signature) onSignature('missing');
  else if (input.keys.length === 0) onSignature('not checked: no public key was given');
  else {
    const check = checkSignedBy(input.bytes, input.signature, manifest.signing.keyFingerprint, input.keys);
    signatureVerified = check.verified;
    if (!check.verified) onSignature(`manifest.json ${check.problem}`);
  }
  return { manifest, sha256, signatureVerified, problems };
}

/**
 * Whether `body` is the file `entry` lists (its size and SHA-256); a sentence saying how it differs
 * otherwise. Pure: what a reader of a stored week checks for each file it uses.
 */
export function checkListedFile(
  entry: { bytes: number; sha256: string },
  body: Uint8Array,
): string | undefined {
  if (body.byteLength !== entry.bytes)
    return `size ${body.byteLength} bytes, the manifest says ${entry.bytes}`;
  const sha256 = sha256Hex(body);
  return sha256 === entry.sha256 ? undefined : `SHA-256 ${sha256}, the manifest says ${entry.sha256}`;
}
