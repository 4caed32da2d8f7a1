import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { FACTS_FILE, FAILURE_FILE, type StoredScenarioName } from './scenario-files.js';
import type { StoredDaysFacts } from './stored-days-scenario.js';
import type { StoredWeeksFacts } from './stored-weeks-scenario.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folders of the shared scenarios the `stored` project builds (stored-scenario-setup.ts). */
    storedDays: string;
    storedWeeks: string;
    /** The folder of the `demo` project's shared run (demo-run-setup.ts; read it with `demoRun()`). */
    demoRun: string;
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
 * The facts of a shared scenario the `stored` project builds once (see `setupStoredScenario`),
 * waiting for its build to end; throws the build's error if it failed. Call it in `beforeAll` with
 * a long enough timeout (`STORED_SCENARIO_TIMEOUT`).
 */
export async function storedScenario<T>(name: StoredScenarioName): Promise<T> {
  const root = inject(name);
  if (!root) throw new Error(`${name}() is for the files of the project whose global setup builds it`);
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

/** 2026-W47's API-only week and seven daily reviews, stored once (stored-days-scenario.ts). */
export const storedDays = () => storedScenario<StoredDaysFacts>('storedDays');

/** 2026-W46 and 2026-W47 of the demo, stored once (stored-weeks-scenario.ts). */
export const storedWeeks = () => storedScenario<StoredWeeksFacts>('storedWeeks');

/** A `beforeAll` timeout that covers the wait for the scenario and the file's own runs. */
export const STORED_SCENARIO_TIMEOUT = WAIT_MS + 300_000;
