import { readFile, writeFile } from 'node:fs/promises';
import { CONFIG_REFERENCE_FILE, renderConfigReference } from './render-config-reference.js';

/**
 * `npm run docs:config`: writes docs/configuration.md from the zod schemas. With `--check`, writes
 * nothing and exits 1 when the committed file differs (for CI or a pre-commit hook).
 */
async function main(argv: string[]): Promise<number> {
  const generated = renderConfigReference();
  if (argv.includes('--check')) {
    const committed = await readFile(CONFIG_REFERENCE_FILE, 'utf8').catch(() => '');
    if (committed === generated) return 0;
    console.error(`${CONFIG_REFERENCE_FILE} is stale: run npm run docs:config`);
    return 1;
  }
  await writeFile(CONFIG_REFERENCE_FILE, generated);
  console.log(`Wrote ${CONFIG_REFERENCE_FILE}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
