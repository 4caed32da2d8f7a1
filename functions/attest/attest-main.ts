import { exitWith } from '../shared/exit-with.js';
import { defaultIo } from '../weekly-report/cli/cli-io.js';
import { runAttestCli } from './attest-cli.js';

/** Entry of `npm run attest`: exit 0 when stored, 1 on failure. */
exitWith(
  runAttestCli(process.argv.slice(2), process.env, defaultIo).then(() => 0),
  'name: message',
);
