import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let bundledWorker: string | undefined;

/**
 * Runs every sandbox from `file`, a bundle of duckdb-sandbox-worker.ts as the job's own: the test
 * suite bundles it once, so no sandbox process compiles the TypeScript source again.
 */
export function useBundledSandboxWorker(file: string): void {
  bundledWorker = file;
}

/** The worker's entry: bundled beside the job (`.mjs`), or its TypeScript source run through tsx. */
export function sandboxWorkerEntry(): { file: string; execArgv: string[]; cwd?: string } {
  if (bundledWorker) return { file: bundledWorker, execArgv: [] };
  const bundled = new URL('./duckdb-sandbox-worker.mjs', import.meta.url);
  if (existsSync(bundled)) return { file: fileURLToPath(bundled), execArgv: [] };
  return {
    file: fileURLToPath(new URL('./duckdb-sandbox-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
  };
}
