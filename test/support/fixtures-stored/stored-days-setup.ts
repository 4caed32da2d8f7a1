import type { TestProject } from 'vitest/node';
import { setupStoredScenario } from './stored-scenario-setup.js';

/** A global setup of the `stored` project: 2026-W47's seven daily reviews, stored once (stored-days-scenario.ts). */
export default (project: TestProject) => setupStoredScenario(project, 'storedDays');
