import { defaultIo } from '../weekly-report/cli.js';
import { runAttestCli } from './attest-cli.js';

/** Entry of `npm run attest`: exit 0 when stored, 1 on failure. */
runAttestCli(process.argv.slice(2), process.env, defaultIo).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    defaultIo.error(`Error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exitCode = 1;
  },
);
