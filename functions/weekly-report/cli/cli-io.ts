import { RunRefusedError } from '../../shared/errors.js';
import type { FinishedRun } from '../run-outcome.js';

/** Where the CLI prints and what time it is: `defaultIo` in a shell, a recorder in tests. */
export interface CliIo {
  print: (line: string) => void;
  error: (line: string) => void;
  now: () => number;
}

/** Exit code of a CLI run: 0 complete, 2 stored but incomplete, 3 refused (another run holds the period), 1 failed. */
export function exitCodeOf(outcome: { result?: FinishedRun } | { error: unknown }): number {
  if ('error' in outcome) return outcome.error instanceof RunRefusedError ? 3 : 1;
  return outcome.result && !outcome.result.complete ? 2 : 0;
}

export const defaultIo: CliIo = {
  print: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
  now: Date.now,
};
