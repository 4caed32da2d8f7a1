import type { TestProject } from 'vitest/node';
import { SANDBOX_WORKER_SOURCE, sandboxWorkerBuildArgs } from '../../infra/constructs/duckdb-bundling.js';
import { bundleIntoCache, removeBundle } from './cache-bundle.js';
import { useShared } from './shared-across-projects.js';

/**
 * Global setup of every project: bundles the DuckDB sandbox's worker once for the run, with the
 * arguments the Lambda asset and `npm run build:cli` bundle it with (`@duckdb/node-api` in it, the
 * native binding left out: sandboxWorkerBuildArgs), and provides its path as `sandboxWorker`. Every
 * sandbox of the suite runs that bundle, so the suite proves the product's bundled worker runs;
 * without it each sandbox process would compile the TypeScript source through tsx.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bundle = useShared(
    'sandbox-worker',
    () =>
      bundleIntoCache('sandbox-worker-', 'duckdb-sandbox-worker.mjs', (outfile) =>
        sandboxWorkerBuildArgs({ entry: SANDBOX_WORKER_SOURCE, outfile, target: 'node20', minify: false }),
      ),
    removeBundle,
  );
  project.provide('sandboxWorker', (await bundle.value).file);
  return bundle.release;
}
