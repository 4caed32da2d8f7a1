import type { TestProject } from 'vitest/node';
import { setupStoredScenario } from './fixtures-stored/stored-scenario-setup.js';

/**
 * Global setup of the `demo` project (`*.demo.test.ts`): runs the demo exactly as `npm start` does
 * (demo-run-build.ts), once, in a process of its own beside the first test files, and leaves the
 * facts for `demoRun()` (each demo file waits for them first: demo-run-wait.ts).
 */
export default (project: TestProject) => setupStoredScenario(project, 'demoRun');
