import { checkListedFile, checkManifestBytes } from './check-manifest.js';
import { MANIFEST_FILE, type Manifest, type ManifestScope } from './manifest.js';
import type { TrustedKey } from './public-key-set.js';

export type { TrustedKey } from './public-key-set.js';

/** Whose sealed folder a stored manifest must be: the project, the period, the scope and revision. */
export interface SealExpectation {
  projectId: string;
  period: string;
  scope: ManifestScope;
  /** 1 for the period's own folder, n for `revisions/<n>/`. @default 1 */
  revision?: number;
}

export type SealedManifestCheck =
  | { ok: true; manifest: Manifest; sha256: string }
  | { ok: false; problem: string };

/**
 * Whether stored manifest bytes are a sealed folder's manifest that `key` signed, for a run about
 * to draw on it: a canonical version 2 manifest stating the expected project, period, scope and
 * revision (another week's intact manifest copied over this one is refused), naming `key` and
 * carrying a detached signature that verifies with it (check-manifest.ts, as verify checks it).
 * The problem names what failed, for a reader of the report.
 */
export function checkSealedManifest(
  body: Uint8Array,
  signature: Uint8Array | undefined,
  key: TrustedKey,
  expected: SealExpectation,
): SealedManifestCheck {
  const verdict = checkManifestBytes({
    bytes: body,
    signature,
    keys: [key],
    expected: { ...expected, revision: expected.revision ?? 1 },
  });
  const [first] = verdict.problems;
  if (first || !verdict.manifest || !verdict.signatureVerified)
    return { ok: false, problem: first ? describeProblem(first) : 'manifest.sig does not verify' };
  return { ok: true, manifest: verdict.manifest, sha256: verdict.sha256 };
}

/** "manifest.sig missing", "manifest.json states period …": the file, then what is wrong with it. */
const describeProblem = (p: { file: string; problem: string }) =>
  p.problem.startsWith(`${MANIFEST_FILE} `) ? p.problem : `${p.file} ${p.problem}`;

/**
 * Whether `body` is the file `name` as a verified manifest lists it (size and SHA-256); the problem
 * otherwise. A file the manifest does not list is not part of the sealed folder.
 */
export function checkListedName(manifest: Manifest, name: string, body: Uint8Array): string | undefined {
  const entry = manifest.files.find((f) => f.name === name);
  if (!entry) return `${name} is not listed in its folder's manifest`;
  const problem = checkListedFile(entry, body);
  return problem === undefined ? undefined : `${name} differs from its folder's manifest (${problem})`;
}
