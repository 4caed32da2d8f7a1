import { describeError } from '../shared/errors.js';
import { defaultIo, runCli } from './cli.js';

/** Entry of `npm run report`: exit 0 when complete, 2 when stored but incomplete, 1 on failure. */
runCli(process.argv.slice(2), process.env).then(
  (result) => {
    process.exitCode = result && !result.complete ? 2 : 0;
  },
  (error: unknown) => {
    defaultIo.error(`Error: ${describeError(error, 'name: message')}`);
    process.exitCode = 1;
  },
);
