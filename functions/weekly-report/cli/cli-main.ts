import { describeError } from '../../shared/errors.js';
import { runCli } from './cli.js';
import { defaultIo, exitCodeOf } from './cli-io.js';

/**
 * Entry of `npm run report`: exit 0 when complete, 2 when stored but incomplete, 3 when another
 * run holds the period (nothing done), 1 on failure.
 */
runCli(process.argv.slice(2), process.env).then(
  (result) => {
    process.exitCode = exitCodeOf({ result });
  },
  (error: unknown) => {
    defaultIo.error(`Error: ${describeError(error, 'name: message')}`);
    process.exitCode = exitCodeOf({ error });
  },
);
