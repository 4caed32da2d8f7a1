import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { FACTS_FILE, FAILURE_FILE } from './stored-scenario-setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the shared scenario the file's project builds (stored-scenario-setup.ts). */
    storedScenario: string;
  }
}

/** How long a file waits for the scenario's build, which starts with `npm test`. */
const WAIT_MS = 600_000;
const POLL_MS = 200;

/** Reads `file`, or `undefined` while it does not exist. */
async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The facts of the shared scenario the file's project builds once (see `setupStoredScenario`),
 * waiting for its build to end; throws the build's error if it failed. Call it in `beforeAll` with
 * a long enough timeout (`STORED_SCENARIO_TIMEOUT`).
 */
export async function storedScenario<T>(): Promise<T> {
  const root = inject('storedScenario');
  if (!root) throw new Error('storedScenario() is for the files of a project whose global setup builds one');
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const facts = await readIfThere(join(root, FACTS_FILE));
    if (facts !== undefined) return JSON.parse(facts) as T;
    const failure = await readIfThere(join(root, FAILURE_FILE));
    if (failure !== undefined) throw new Error(`the shared scenario failed to build: ${failure}`);
    if (Date.now() > until) throw new Error(`the shared scenario was not built within ${WAIT_MS} ms`);
    await sleep(POLL_MS);
  }
}

/** A `beforeAll` timeout that covers the wait for the scenario and the file's own runs. */
export const STORED_SCENARIO_TIMEOUT = WAIT_MS + 300_000;
