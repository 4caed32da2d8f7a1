/** What `vitest.config.ts` and the global setups provide to every test file (`inject`). */
declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * `full` under `npm run test:full` (vitest.full.config.ts), `quick` under `npm test`: how many cases
     * a property suite generates (`propertyRuns`).
     */
    assurance: 'quick' | 'full';
    /** The DuckDB sandbox's worker, bundled once for the run (sandbox-worker-setup.ts). */
    sandboxWorker: string;
    /** The run's folder for temporary files, removed when it ends (test-temp-setup.ts). */
    testTemp: string;
  }
}
