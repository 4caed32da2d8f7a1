/** The marker a scenario's folder holds once built (its facts) or once its build failed. */
export const FACTS_FILE = 'facts.json';
export const FAILURE_FILE = 'failure.txt';

/** The folder, inside a scenario's root, its build writes in. */
export const SCENARIO_FOLDER = 'scenario';

/** The bundled DuckDB sandbox worker the build's sandboxes run (sandbox-worker-setup.ts). */
export const SANDBOX_WORKER_VARIABLE = 'TEST_SANDBOX_WORKER';

/**
 * The scenarios, each provided under its name (the folder it is built in): the `stored` project's
 * two, and the `demo` project's run of `npm start` (test/support/demo-run-build.ts).
 */
export type StoredScenarioName = 'storedDays' | 'storedWeeks' | 'demoRun';
