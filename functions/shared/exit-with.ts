import { describeError, type ErrorDetail } from './errors.js';

/**
 * How a command-line entry point ends: with the exit code `run` resolves to (left as it is when it
 * resolves to anything but a number), or with 1 and `Error: …` on stderr when it rejects
 * (`detail` says how much of the error, see {@link describeError}). Sets `process.exitCode`
 * rather than exiting, so pending output is flushed.
 */
export function exitWith(run: Promise<unknown>, detail: ErrorDetail = 'message'): void {
  run.then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Error: ${describeError(error, detail)}\n`);
      process.exitCode = 1;
    },
  );
}
