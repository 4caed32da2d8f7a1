import type { TestProject } from 'vitest/node';
import { buildStoredDays } from './stored-days-scenario.js';
import { setupStoredScenario } from './stored-scenario-setup.js';

/** A global setup of the `stored` project: 2026-W47's seven daily reviews, stored once. */
export default (project: TestProject) => setupStoredScenario(project, 'storedDays', buildStoredDays);
