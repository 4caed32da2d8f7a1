import { inject } from 'vitest';

/** Share of a property suite's full run count that `npm test` runs. */
const QUICK_SHARE = 10;

/**
 * How many fast-check runs (or generated cases) a property suite gets: `full` under
 * `npm run test:full`, a tenth of it under `npm test`, never fewer than `least` (at least one).
 * The cases `npm test` runs are the first ones `test:full` runs (same seeds), so a failure found
 * quickly is found again in full.
 */
export function propertyRuns(full: number, least = 1): number {
  if (inject('assurance') === 'full') return full;
  return Math.min(full, Math.max(1, least, Math.ceil(full / QUICK_SHARE)));
}
