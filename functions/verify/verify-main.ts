import { describeError } from '../shared/errors.js';
import { runVerify } from './verify-cli.js';

/** Entry of `npm run verify`: exit 0 only when the report verified; 1 otherwise (or on an error). */
runVerify(process.argv.slice(2), process.env, {
  print: (line) => process.stdout.write(`${line}\n`),
  now: Date.now,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${describeError(error, 'name: message')}\n`);
    process.exitCode = 1;
  },
);
