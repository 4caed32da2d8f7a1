import type { TestProject } from 'vitest/node';
import { setupStoredScenario } from './stored-scenario-setup.js';
import { buildStoredWeeks } from './stored-weeks-scenario.js';

/** A global setup of the `stored` project: 2026-W46 and 2026-W47 of the demo, stored once. */
export default (project: TestProject) => setupStoredScenario(project, 'storedWeeks', buildStoredWeeks);
