import type { ReportAnchor } from '../adapters/report-anchor.js';
import type { ReportReader } from '../adapters/report-reader.js';
import type { VerifyProblem } from '../core/integrity/report-files.js';
import { verifyAnchor } from './verify-anchor.js';
import { verifyChain } from './verify-chain.js';
import type { GivenKey, VerifyContext } from './verify-context.js';
import { verifyFolder } from './verify-folder.js';

export interface VerifyReportInput {
  reader: ReportReader;
  /** The report folder's key prefix, ending in `/`. */
  prefix: string;
  key?: GivenKey;
  /** Walk back through every stored period and report missing weeks. */
  chain: boolean;
  /** Also find the report's anchor in Descope's audit trail. */
  anchor?: ReportAnchor;
  now: number;
}

/** The outcome: `verified` only when nothing is wrong and the signature verified with the given key. */
export interface VerifyResult {
  verified: boolean;
  location: string;
  manifestSha256: string | null;
  keyFingerprint: string | null;
  signatureVerified: boolean;
  files: number;
  tenants: number;
  chain: string[] | null;
  anchor: boolean | null;
  problems: VerifyProblem[];
  notes: string[];
}

/** Verifies one stored report folder (and, on request, its chain and its anchor). */
export async function verifyReport(input: VerifyReportInput): Promise<VerifyResult> {
  const context: VerifyContext = {
    reader: input.reader,
    ...(input.key ? { key: input.key } : {}),
    problems: [],
    notes: [],
  };
  const folder = await verifyFolder(context, input.prefix);
  const checked = folder.manifest;
  const chain = input.chain && checked ? await verifyChain(context, checked.manifest) : null;
  const anchor =
    input.anchor && checked
      ? await verifyAnchor(context, input.anchor, checked.manifest, checked.sha256, input.now)
      : null;
  const signatureVerified = checked?.signatureVerified ?? false;
  return {
    verified: context.problems.length === 0 && signatureVerified,
    location: input.reader.describe(input.prefix),
    manifestSha256: checked?.sha256 ?? null,
    keyFingerprint: input.key?.fingerprint ?? null,
    signatureVerified,
    files: folder.files,
    tenants: folder.tenants,
    chain,
    anchor,
    problems: context.problems,
    notes: context.notes,
  };
}
