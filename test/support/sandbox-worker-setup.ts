import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { useBundledSandboxWorker } from '../../functions/adapters/sandbox-worker-entry.js';

/**
 * Global setup of every project: bundles the DuckDB sandbox's worker once and provides its path as
 * `sandboxWorker`. Without it each sandbox process (one per catalog check and per custom SQL
 * statement) would compile the TypeScript source through tsx. `@duckdb/node-api` is bundled in,
 * only the native binding left out: imported from its package, its CommonJS modules are read and
 * scanned for exports in every new process, about 150 ms of CPU of the 400 ms a sandbox takes to
 * start. The bundle sits under node_modules/.cache so the binding resolves.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cache = join(process.cwd(), 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, 'sandbox-worker-'));
  const file = join(folder, 'duckdb-sandbox-worker.mjs');
  await build({
    entryPoints: ['functions/adapters/duckdb-sandbox-worker.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['@duckdb/node-bindings'],
    // The bundled CommonJS requires the binding.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    outfile: file,
    logLevel: 'warning',
  });
  project.provide('sandboxWorker', file);
  // The demo run's global setup, in this process, uses it too.
  useBundledSandboxWorker(file);
  return () => rm(folder, { recursive: true, force: true });
}
