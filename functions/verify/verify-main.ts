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
    process.stderr.write(
      `Error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
