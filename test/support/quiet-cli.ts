import { runCli } from '../../functions/weekly-report/cli/cli.js';
import type { FinishedRun } from '../../functions/weekly-report/run-outcome.js';

/** The CLI run as a test reads it: nothing printed, the clock fixed at `now`, a finished run back. */
export const quietCli = (argv: string[], env: Record<string, string | undefined>, now: number) =>
  runCli(argv, env, {
    print: () => undefined,
    error: () => undefined,
    now: () => now,
  }) as Promise<FinishedRun>;
