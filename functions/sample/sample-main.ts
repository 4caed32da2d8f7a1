import { describeError } from '../shared/errors.js';
import { runSample } from './sample-cli.js';

runSample(process.argv.slice(2), process.env, {
  print: (line) => process.stdout.write(`${line}\n`),
  now: Date.now,
}).catch((error: unknown) => {
  process.stderr.write(`Error: ${describeError(error, 'name: message')}\n`);
  process.exitCode = 1;
});
