import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleIntoCache, removeBundle } from '../cache-bundle.js';
import { useShared } from '../shared-across-projects.js';
import {
  FACTS_FILE,
  FAILURE_FILE,
  SANDBOX_WORKER_VARIABLE,
  SCENARIO_FOLDER,
  type StoredScenarioName,
} from './scenario-files.js';

const ENTRY = 'test/support/fixtures-stored/build-scenario-main.ts';
/** The tail of a build's error output kept for the failure it reports when it wrote none. */
const STDERR_TAIL = 16_384;

/** The scenario builder (build-scenario-main.ts), bundled as `npm run build:cli` bundles the CLI. */
const bundleBuilder = () =>
  bundleIntoCache('scenario-build-', 'build-scenario.mjs', (outfile) => [
    ENTRY,
    '--bundle',
    '--platform=node',
    '--target=node20',
    '--format=esm',
    '--packages=external',
    '--loader:.hbs=text',
    '--loader:.yaml=text',
    '--sourcemap',
    '--log-level=warning',
    `--outfile=${outfile}`,
  ]);

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Runs the bundled builder for `name` in its own process; resolves once it has left its marker. */
function buildInChild(file: string, name: StoredScenarioName, root: string, sandboxWorker: string) {
  return new Promise<void>((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', file, name, root], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        [SANDBOX_WORKER_VARIABLE]: sandboxWorker,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const settle = async (ending: string) => {
      // The builder writes its own marker; one that died before it could is reported here.
      if (!(await exists(join(root, FACTS_FILE))) && !(await exists(join(root, FAILURE_FILE))))
        await writeFile(join(root, FAILURE_FILE), `${ending}\n${stderr}`);
      resolve();
    };
    child.on('error', (error) => void settle(`the build could not start: ${error.message}`));
    child.on('exit', (code, signal) => void settle(`the build ended (${signal ?? `exit ${code}`})`));
  });
}

/**
 * A global setup that builds one shared scenario (several job runs whose stored bucket many files
 * read) ONCE per `npm test`, in the background: it provides the scenario's folder under its `name`
 * at once and returns, so Vitest starts the test files while it is built. The build runs in a
 * process of its own (build-scenario-main.ts, bundled), not on the event loop Vitest serves its
 * workers from. A file waits for it (`storedDays()`, `storedWeeks()`, `demoRun()`:
 * stored-scenario.ts), finding the facts (or the build's error) in that folder. The teardown waits
 * for the build, then removes it.
 */
export async function setupStoredScenario(
  project: TestProject,
  name: StoredScenarioName,
): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  await mkdir(join(root, SCENARIO_FOLDER));
  project.provide(name, root);
  // Provided by sandbox-worker-setup.ts, the global setup every project runs first.
  const sandboxWorker = project.getProvidedContext().sandboxWorker;
  // One bundle for the run's three scenarios.
  const bundle = useShared('scenario-builder', bundleBuilder, removeBundle);
  const building = bundle.value
    .then((built) => buildInChild(built.file, name, root, sandboxWorker))
    .catch((error: unknown) =>
      writeFile(
        join(root, FAILURE_FILE),
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      ),
    );
  return async () => {
    await building;
    await rm(root, { recursive: true, force: true });
    await bundle.release();
  };
}
