import { exitWith } from '../shared/exit-with.js';
import { runSample } from './sample-cli.js';

exitWith(
  runSample(process.argv.slice(2), process.env, {
    print: (line) => process.stdout.write(`${line}\n`),
    now: Date.now,
  }),
  'name: message',
);
