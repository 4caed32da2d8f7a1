import { parseArgs } from 'node:util';
import { exitWith } from '../../shared/exit-with.js';
import { runBundleFigures } from './bundle-figures.js';

// Entry of `npm run bench:bundle` (see BENCHMARKS.md, "Bundle and cold start"): after `npm run synth`.
const USAGE = 'Usage: npm run bench:bundle -- [--runs 11] [--cdk-out cdk.out]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '11' }, 'cdk-out': { type: 'string', default: 'cdk.out' } },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--runs must be a positive whole number\n${USAGE}\n`);
    return 2;
  }
  await runBundleFigures({ cdkOut: values['cdk-out'], projectRoot: process.cwd(), runs }, (line) =>
    process.stdout.write(`${line}\n`),
  );
  return 0;
}

exitWith(main());
