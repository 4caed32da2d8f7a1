import type { TestProject } from 'vitest/node';
import { setupStoredScenario } from './stored-scenario-setup.js';
import { buildStoredWeeks } from './stored-weeks-scenario.js';

/** Global setup of the `stored-weeks` project: 2026-W46 and 2026-W47 of the demo, stored once. */
export default (project: TestProject) => setupStoredScenario(project, 'stored-weeks', buildStoredWeeks);
