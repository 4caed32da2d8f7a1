import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useBundledSandboxWorker } from '../../../functions/adapters/sandbox-worker-entry.js';
import { buildDemoRun } from '../demo-run-build.js';
import { FACTS_FILE, FAILURE_FILE, SANDBOX_WORKER_VARIABLE, SCENARIO_FOLDER } from './scenario-files.js';
import { buildStoredDays } from './stored-days-scenario.js';
import { buildStoredWeeks } from './stored-weeks-scenario.js';

/**
 * Builds one shared scenario in a process of its own (`node build-scenario.mjs <name> <root>`,
 * started by stored-scenario-setup.ts): its job runs use a core beside the test workers instead of
 * the event loop Vitest serves them from. Leaves the facts in `<root>/facts.json`, or the error in
 * `<root>/failure.txt`.
 */
const builders = new Map<string, (folder: string) => Promise<unknown>>([
  ['demoRun', buildDemoRun],
  ['storedDays', buildStoredDays],
  ['storedWeeks', buildStoredWeeks],
]);

const [name = '', root = ''] = process.argv.slice(2);
const worker = process.env[SANDBOX_WORKER_VARIABLE];
if (worker) useBundledSandboxWorker(worker);
try {
  const build = builders.get(name);
  if (!build || !root) throw new Error(`usage: build-scenario <${[...builders.keys()].join('|')}> <folder>`);
  const facts = await build(join(root, SCENARIO_FOLDER));
  // Written whole, then renamed: a waiting file never reads half of it.
  await writeFile(join(root, `${FACTS_FILE}.part`), JSON.stringify(facts));
  await rename(join(root, `${FACTS_FILE}.part`), join(root, FACTS_FILE));
} catch (error) {
  await writeFile(
    join(root, FAILURE_FILE),
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  process.exitCode = 1;
}
