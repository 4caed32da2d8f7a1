import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { SANDBOX_WORKER_SOURCE, sandboxWorkerBuildArgs } from '../../infra/constructs/duckdb-bundling.js';

/**
 * Global setup of every project: bundles the DuckDB sandbox's worker once, with the arguments the
 * Lambda asset and `npm run build:cli` bundle it with (`@duckdb/node-api` in it, the native binding
 * left out: sandboxWorkerBuildArgs), and provides its path as `sandboxWorker`. Every sandbox of the
 * suite runs that bundle, so the suite proves the product's bundled worker runs; without it each
 * sandbox process would compile the TypeScript source through tsx. The bundle sits under
 * node_modules/.cache so the binding resolves.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cache = join(process.cwd(), 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, 'sandbox-worker-'));
  const file = join(folder, 'duckdb-sandbox-worker.mjs');
  await promisify(execFile)(
    join(process.cwd(), 'node_modules', '.bin', 'esbuild'),
    sandboxWorkerBuildArgs({ entry: SANDBOX_WORKER_SOURCE, outfile: file, target: 'node20', minify: false }),
  );
  project.provide('sandboxWorker', file);
  return () => rm(folder, { recursive: true, force: true });
}
