import type { TestProject } from 'vitest/node';
import { setupStoredScenario } from './stored-scenario-setup.js';

/** A global setup of the `stored` project: 2026-W46 and 2026-W47 of the demo, stored once (stored-weeks-scenario.ts). */
export default (project: TestProject) => setupStoredScenario(project, 'storedWeeks');
