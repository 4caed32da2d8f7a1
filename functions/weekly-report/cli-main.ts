import { defaultIo, runCli } from './cli.js';

/** Entry of `npm run report`: exit 0 when complete, 2 when stored but incomplete, 1 on failure. */
runCli(process.argv.slice(2), process.env).then(
  (result) => {
    process.exitCode = result && !result.complete ? 2 : 0;
  },
  (error: unknown) => {
    defaultIo.error(`Error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exitCode = 1;
  },
);
