import { describeError } from '../../shared/errors.js';
import { runBenchmark } from './benchmark-runner.js';

// Entry of `npm run bench` (see BENCHMARKS.md). Each measured phase runs in a child process started
// from the run-measurement bundle next to this one.
runBenchmark(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A measured child prints its own stack; this says which step failed.
    process.stderr.write(`Error: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
