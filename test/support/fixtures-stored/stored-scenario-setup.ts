import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** The marker a scenario's folder holds once built (its facts) or once its build failed. */
export const FACTS_FILE = 'facts.json';
export const FAILURE_FILE = 'failure.txt';

/**
 * The scenarios, each provided under its name (the folder it is built in): the `stored` project's
 * two, and the `demo` project's run of `npm start` (test/support/demo-run-setup.ts).
 */
export type StoredScenarioName = 'storedDays' | 'storedWeeks' | 'demoRun';

/**
 * A global setup that builds one shared scenario (several job runs whose stored bucket many files
 * read) ONCE per `npm test`, in the background: it provides the scenario's folder under its
 * `name` at once and returns, so the build runs beside the first test files instead of
 * before them; a file waits for it (`storedDays()`, `storedWeeks()`: stored-scenario.ts), finding the
 * facts (or the build's error) in that folder. The teardown waits for the build, then removes it.
 */
export async function setupStoredScenario<T>(
  project: TestProject,
  name: StoredScenarioName,
  build: (folder: string) => Promise<T>,
): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  const folder = join(root, 'scenario');
  await mkdir(folder);
  project.provide(name, root);
  const building = build(folder).then(
    async (facts) => {
      // Written whole, then renamed: a waiting file never reads half of it.
      await writeFile(join(root, `${FACTS_FILE}.part`), JSON.stringify(facts));
      await rename(join(root, `${FACTS_FILE}.part`), join(root, FACTS_FILE));
    },
    (error: unknown) =>
      writeFile(
        join(root, FAILURE_FILE),
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      ),
  );
  return async () => {
    await building;
    await rm(root, { recursive: true, force: true });
  };
}
