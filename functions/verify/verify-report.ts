import type { ReportAnchor } from '../adapters/report-anchor.js';
import { MANIFEST_FILE } from '../core/integrity/manifest.js';
import { isMutableReportKey } from '../core/integrity/mutable-report-keys.js';
import type { TrustedKey } from '../core/integrity/public-key-set.js';
import type { VerifyProblem } from '../core/integrity/report-files.js';
import { revisionOfName, revisionPrefix, revisionsIn } from '../core/integrity/revision-layout.js';
import type { VerifyTarget } from './open-target.js';
import { verifyAnchor } from './verify-anchor.js';
import { verifyChain } from './verify-chain.js';
import { addProblem, createVerifyContext, type VerifyContext } from './verify-context.js';
import { type FolderResult, verifyFolder } from './verify-folder.js';

export interface VerifyReportInput {
  target: VerifyTarget;
  /** The manifest-signing public keys the auditor trusts. */
  keys: readonly TrustedKey[];
  /** The reviewers' public keys: with any given, every attestation must be signed by one. */
  attestationKeys?: readonly TrustedKey[];
  /** Walk back through every stored period and report missing weeks. */
  chain: boolean;
  /** Also find each sealed revision's anchor in Descope's audit trail. */
  anchor?: ReportAnchor;
  now: number;
}

/** One revision of the period as verified. */
export interface RevisionResult {
  revision: number;
  location: string;
  sealed: boolean;
  manifestSha256: string | null;
  signatureVerified: boolean;
  files: number;
  tenants: number;
}

/** The outcome: `verified` only when nothing is wrong and every sealed revision's signature verified. */
export interface VerifyResult {
  verified: boolean;
  location: string;
  projectId: string | null;
  period: string;
  scope: string;
  /** The newest sealed revision's: what a reader of the period should rely on. */
  manifestSha256: string | null;
  keyFingerprint: string | null;
  givenKeys: string[];
  signatureVerified: boolean;
  files: number;
  tenants: number;
  revisions: RevisionResult[];
  /** Sealed files whose version history was checked (each must have one version); null in a folder. */
  versionsChecked: number | null;
  chain: string[] | null;
  anchor: boolean | null;
  problems: VerifyProblem[];
  notes: string[];
}

/**
 * Verifies a stored report folder against what its path says it holds. The period's own folder is
 * verified with every revision stored in it (`revisions/<n>/`), each as a whole report; a revision
 * or tenant folder on its own. On request the chain is walked from the newest sealed revision, and
 * each sealed revision's anchor is looked up.
 */
export async function verifyReport(input: VerifyReportInput): Promise<VerifyResult> {
  const { target } = input;
  const context = createVerifyContext(target.reader, input.keys, input.attestationKeys ?? []);
  context.notes.push(...target.notes);
  const revisions = target.wholePeriod
    ? await verifyRevisions(context, target)
    : [await verifyOne(context, target, target.expected.revision, target.prefix, '')];
  const sealed = revisions.filter((r) => r.folder.manifest);
  const newest = sealed.at(-1)?.folder.manifest;
  const chain = input.chain && newest ? await verifyChain(context, newest.manifest) : null;
  let anchor: boolean | null = null;
  if (input.anchor) {
    anchor = sealed.length > 0;
    for (const r of sealed) {
      const sha = r.folder.manifest?.sha256 ?? '';
      const expected = { ...target.expected, revision: r.result.revision };
      const found = await verifyAnchor(
        context,
        input.anchor,
        `${r.prefix}${MANIFEST_FILE}`,
        expected,
        sha,
        input.now,
        r.label,
      );
      anchor &&= found;
    }
  }
  const signatureVerified = sealed.length > 0 && sealed.every((r) => r.result.signatureVerified);
  const { expected } = target;
  return {
    verified: context.problems.length === 0 && signatureVerified,
    location: target.reader.describe(target.prefix),
    projectId: expected.projectId ?? newest?.manifest.projectId ?? null,
    period: expected.period,
    scope: expected.scope.kind === 'tenant' ? `tenant ${expected.scope.tenantId}` : 'project',
    manifestSha256: newest?.sha256 ?? null,
    keyFingerprint: newest?.signatureVerified ? (newest.manifest.signing?.keyFingerprint ?? null) : null,
    givenKeys: input.keys.map((k) => k.fingerprint),
    signatureVerified,
    files: sealed.reduce((n, r) => n + r.result.files, 0),
    tenants: sealed.reduce((n, r) => n + r.result.tenants, 0),
    revisions: revisions.map((r) => r.result),
    versionsChecked: context.versionsChecked,
    chain,
    anchor,
    problems: context.problems,
    notes: context.notes,
  };
}

type Verified = { result: RevisionResult; folder: FolderResult; prefix: string; label: string };

async function verifyOne(
  context: VerifyContext,
  target: VerifyTarget,
  revision: number,
  prefix: string,
  label: string,
): Promise<Verified> {
  const folder = await verifyFolder(context, prefix, { ...target.expected, revision }, label);
  const result: RevisionResult = {
    revision,
    location: context.reader.describe(prefix),
    sealed: folder.manifest !== undefined,
    manifestSha256: folder.manifest?.sha256 ?? null,
    signatureVerified: folder.manifest?.signatureVerified ?? false,
    files: folder.files,
    tenants: folder.tenants,
  };
  return { result, folder, prefix, label };
}

/**
 * Every revision of the period. A revision folder without a manifest holds files no manifest seals
 * (a run stopped before sealing them, or files put there): reported, never passed over; so is
 * anything under `revisions/` that is in no revision's folder.
 */
async function verifyRevisions(context: VerifyContext, target: VerifyTarget): Promise<Verified[]> {
  const base = target.periodPrefix;
  const names = (await context.reader.list(base)).map((o) => o.key.slice(base.length));
  for (const name of names) {
    if (revisionOfName(name) === null)
      addProblem(context, name, 'under revisions/ but in no revision folder');
  }
  const numbers = revisionsIn(names);
  const verified: Verified[] = [];
  for (const revision of numbers) {
    const label = revision === 1 ? '' : `revisions/${revision}/`;
    const inside = names.filter((n) =>
      revision === 1 ? revisionOfName(n) === undefined : n.startsWith(label),
    );
    const hasManifest = inside.includes(`${label}${MANIFEST_FILE}`);
    if (!hasManifest && numbers.length > 1) {
      const loose = inside.filter((n) => !isMutableReportKey(`${base}${n}`));
      if (loose.length > 0) {
        addProblem(
          context,
          `${label}${MANIFEST_FILE}`,
          `missing: ${loose.length} file(s) of revision ${revision} are sealed by no manifest (a run stopped before sealing them, or they were put there)`,
        );
      }
      continue;
    }
    verified.push(await verifyOne(context, target, revision, revisionPrefix(base, revision), label));
  }
  return verified;
}
