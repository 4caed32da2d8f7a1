import type { ReportReader } from '../adapters/report-reader.js';
import type { VerifyProblem } from '../core/integrity/report-files.js';

/** The public key the auditor supplied (PEM) and its fingerprint. */
export interface GivenKey {
  pem: string;
  fingerprint: string;
}

/** What every check reads from and writes to. */
export interface VerifyContext {
  reader: ReportReader;
  key?: GivenKey;
  problems: VerifyProblem[];
  notes: string[];
}

export const addProblem = (context: VerifyContext, file: string, problem: string) =>
  void context.problems.push({ file, problem });
