import type { ObjectVersionInfo, ReportReader } from '../adapters/report-reader.js';
import type { TrustedKey } from '../core/integrity/public-key-set.js';
import type { VerifyProblem } from '../core/integrity/report-files.js';

/** The public key the auditor supplied (PEM) and its fingerprint. */
export type GivenKey = TrustedKey;

/** What every check reads from and writes to. */
export interface VerifyContext {
  reader: ReportReader;
  /** The manifest-signing keys the auditor trusts (`--public-key`). */
  keys: readonly TrustedKey[];
  /**
   * The reviewers' keys (`--attestation-key`): when given, every stored attestation must be signed
   * by one of them.
   */
  attestationKeys: readonly TrustedKey[];
  problems: VerifyProblem[];
  notes: string[];
  /** Sealed files whose version history was checked; null where there is none (a folder). */
  versionsChecked: number | null;
  /** Version listings already read, by prefix. */
  versionListings: Map<string, ObjectVersionInfo[]>;
}

export const createVerifyContext = (
  reader: ReportReader,
  keys: readonly TrustedKey[],
  attestationKeys: readonly TrustedKey[],
): VerifyContext => ({
  reader,
  keys,
  attestationKeys,
  problems: [],
  notes: [],
  versionsChecked: null,
  versionListings: new Map(),
});

export const addProblem = (context: VerifyContext, file: string, problem: string) =>
  void context.problems.push({ file, problem });
