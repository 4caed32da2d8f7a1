import type { ProjectState } from './project-state.js';

/** Where the cross-project summary's once-a-week delivery records live (not a project folder). */
export const SUMMARY_FOLDER = 'all-projects';

/**
 * The week the cross-project summary can be sent for: the one every expected project has stored
 * as its latest week. `undefined` while any project is missing or behind (its week's run has not
 * stored yet, or failed): the summary waits for it rather than going out incomplete.
 */
export function summaryWeek(
  states: readonly ProjectState[],
  expected: readonly string[],
): string | undefined {
  const latest = new Map(states.map((s) => [s.projectId, s.latestWeek?.label]));
  const weeks = new Set(expected.map((projectId) => latest.get(projectId)));
  if (weeks.size !== 1) return undefined;
  const [week] = weeks;
  return week;
}
