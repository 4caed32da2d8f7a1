import { waitForDemoRun } from './demo-run.js';

/**
 * A setup file of the `demo` project: each demo file starts once the shared demo run (built in the
 * background by demo-run-setup.ts) has ended, so `demoRun()` holds its facts.
 */
await waitForDemoRun();
