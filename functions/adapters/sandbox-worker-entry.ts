import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The worker's entry: bundled beside the job (`.mjs`), or its TypeScript source run through tsx. */
export function sandboxWorkerEntry(): { file: string; execArgv: string[]; cwd?: string } {
  const bundled = new URL('./duckdb-sandbox-worker.mjs', import.meta.url);
  if (existsSync(bundled)) return { file: fileURLToPath(bundled), execArgv: [] };
  return {
    file: fileURLToPath(new URL('./duckdb-sandbox-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
  };
}
