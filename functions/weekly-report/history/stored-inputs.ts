import type { ManifestSigner } from '../../adapters/manifest-signer.js';
import type { ReportStore } from '../../adapters/report-store.js';
import {
  checkListedName,
  checkSealedManifest,
  type SealExpectation,
  type TrustedKey,
} from '../../core/integrity/check-sealed-input.js';
import { MANIFEST_FILE, type Manifest, SIGNATURE_FILE } from '../../core/integrity/manifest.js';
import { parseReportFolder } from '../../core/integrity/report-path.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { ReportScope, UnverifiedInput } from '../../core/report/report-model.js';

/** A stored folder's manifest that verified: what it lists, and the SHA-256 of its bytes. */
export interface VerifiedManifest {
  manifest: Manifest;
  sha256: string;
}

/** Where a stored input is: its sealed folder, and whose folder that must be. */
export interface SealedFolder {
  /** Key prefix of the folder, ending in `/` (a week's, or a tenant's in it). */
  folder: string;
  /** The folder's period (an ISO week) with its window, for the gap. */
  period: ReportPeriod;
  expected: SealExpectation;
}

/**
 * The stored earlier reports a run draws on, read through one gate. A run that signs verifies each
 * before use: the folder's manifest must be signed by the run's own key (read from the signer, never
 * from the bucket) and state the expected project, period and scope, and each file must be listed
 * in it with its size and SHA-256. An input that fails is not used: `undefined` comes back and the
 * failure is recorded, for the report to show as a gap and a finding. A run that signs nothing
 * verifies nothing (`verifying` false) and reads files as stored, as before signing existed.
 */
export interface StoredInputs {
  readonly verifying: boolean;
  /** The keys this run trusts for what it reads (its own signing key), empty when it signs nothing. */
  readonly trusted: readonly TrustedKey[];
  /** The folder's verified manifest; `undefined` when none is stored or it failed (recorded). */
  manifest(at: SealedFolder, usedFor: string): Promise<VerifiedManifest | undefined>;
  /** A file of a sealed folder, checked against its manifest; `undefined` when absent or failed. */
  file(at: SealedFolder, name: string, usedFor: string): Promise<Uint8Array | undefined>;
  /** A failure found outside this gate (an attestation's signature), recorded like the others. */
  reject(at: SealedFolder, name: string, problem: string, usedFor: string): void;
  /** Every input that failed, in the order found (each file once). */
  unverified(): UnverifiedInput[];
}

type ManifestVerdict = { ok: true; verified: VerifiedManifest } | { ok: false; problem: string } | undefined;

/** The gate over `store`; `key` is the run's signing key, absent when the run signs nothing. */
export function createStoredInputs(store: ReportStore, key: TrustedKey | undefined): StoredInputs {
  const verdicts = new Map<string, Promise<ManifestVerdict>>();
  const failures = new Map<string, UnverifiedInput>();
  const record = (at: SealedFolder, file: string, problem: string, usedFor: string) => {
    if (failures.has(file)) return;
    failures.set(file, {
      file,
      problem,
      usedFor,
      period: at.period.label,
      from: at.period.from,
      to: at.period.to,
    });
  };
  const readManifest = async (at: SealedFolder): Promise<ManifestVerdict> => {
    const body = await store.get(`${at.folder}${MANIFEST_FILE}`);
    if (!body || !key) return undefined;
    const signature = await store.get(`${at.folder}${SIGNATURE_FILE}`);
    // The folder's path says which revision it holds; its manifest must say the same.
    const revision = parseReportFolder(at.folder)?.revision ?? 1;
    const checked = checkSealedManifest(body, signature, key, { ...at.expected, revision });
    return checked.ok
      ? { ok: true, verified: { manifest: checked.manifest, sha256: checked.sha256 } }
      : { ok: false, problem: checked.problem };
  };
  // One read and check per folder, however many of its files are asked for.
  const verdictOf = (at: SealedFolder) => {
    const cached = verdicts.get(at.folder);
    if (cached) return cached;
    const verdict = readManifest(at);
    verdicts.set(at.folder, verdict);
    return verdict;
  };
  return {
    verifying: key !== undefined,
    trusted: key ? [key] : [],
    async manifest(at, usedFor) {
      const verdict = await verdictOf(at);
      if (verdict && !verdict.ok) record(at, `${at.folder}${MANIFEST_FILE}`, verdict.problem, usedFor);
      return verdict?.ok ? verdict.verified : undefined;
    },
    async file(at, name, usedFor) {
      const body = await store.get(`${at.folder}${name}`);
      if (!body || !key) return body;
      const verdict = await verdictOf(at);
      const problem = !verdict
        ? `no manifest is stored beside it, so nothing seals it`
        : verdict.ok
          ? checkListedName(verdict.verified.manifest, name, body)
          : verdict.problem;
      if (problem === undefined) return body;
      record(at, `${at.folder}${name}`, problem, usedFor);
      return undefined;
    },
    reject(at, name, problem, usedFor) {
      record(at, `${at.folder}${name}`, problem, usedFor);
    },
    unverified: () => [...failures.values()],
  };
}

/** The gate of a run that signs with `signer` (its public key read from the signer), or passes reads through. */
export async function openStoredInputs(
  store: ReportStore,
  signer: ManifestSigner | undefined,
): Promise<StoredInputs> {
  const key = await signer?.key();
  return createStoredInputs(store, key ? { pem: key.publicKeyPem, fingerprint: key.fingerprint } : undefined);
}

/**
 * The failures a scope's report lists: the project's report every one; a tenant's those in its own
 * folders, and those of the access review its own review is scoped from. `undefined` when nothing
 * was verified (the report then says the rule was not evaluated).
 */
export function unverifiedFor(inputs: StoredInputs, accessUse: string) {
  return (scope: ReportScope): UnverifiedInput[] | undefined => {
    if (!inputs.verifying) return undefined;
    const all = inputs.unverified();
    if (scope.kind === 'project') return all;
    const own = `/tenants/${scope.tenantId}/`;
    return all.filter(
      (u) => u.file.includes(own) || (u.usedFor === accessUse && !u.file.includes('/tenants/')),
    );
  };
}
