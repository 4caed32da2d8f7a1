import { describeError } from '../shared/errors.js';
import { defaultIo } from '../weekly-report/cli/cli-io.js';
import { runAttestCli } from './attest-cli.js';

/** Entry of `npm run attest`: exit 0 when stored, 1 on failure. */
runAttestCli(process.argv.slice(2), process.env, defaultIo).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    defaultIo.error(`Error: ${describeError(error, 'name: message')}`);
    process.exitCode = 1;
  },
);
