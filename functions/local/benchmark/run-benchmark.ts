import { exitWith } from '../../shared/exit-with.js';
import { runBenchmark } from './benchmark-runner.js';

// Entry of `npm run bench` (see BENCHMARKS.md). Each measured phase runs in a child process started
// from the run-measurement bundle next to this one. A measured child prints its own stack; the error
// printed here says which step failed.
exitWith(runBenchmark(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)));
