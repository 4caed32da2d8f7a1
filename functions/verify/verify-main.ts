import { exitWith } from '../shared/exit-with.js';
import { runVerify } from './verify-cli.js';

/** Entry of `npm run verify`: exit 0 only when the report verified; 1 otherwise (or on an error). */
exitWith(
  runVerify(process.argv.slice(2), process.env, {
    print: (line) => process.stdout.write(`${line}\n`),
    now: Date.now,
  }),
  'name: message',
);
