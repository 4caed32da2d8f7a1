import { describe, expect, it } from 'vitest';
import type { ProjectState } from '../../../functions/core/front-door/project-state.js';
import { summaryWeek } from '../../../functions/core/front-door/summary-week.js';

const state = (projectId: string, week: string | null): ProjectState => ({
  projectId,
  name: projectId,
  updatedAt: '2026-11-25T10:00:00.000Z',
  periods: 1,
  brokenChains: 0,
  latestWeek:
    week === null
      ? null
      : {
          label: week,
          complete: true,
          findings: 0,
          chain: { state: 'ok', text: 'linked' },
          signOff: 'no review',
          manifestSha256: 'a'.repeat(64),
        },
});

describe('summaryWeek', () => {
  it.each([
    [
      'every project at the same week',
      [state('P1aaaaaaaa', '2026-W47'), state('P2bbbbbbbb', '2026-W47')],
      '2026-W47',
    ],
    ['one project behind', [state('P1aaaaaaaa', '2026-W47'), state('P2bbbbbbbb', '2026-W46')], undefined],
    [
      'one project with nothing stored',
      [state('P1aaaaaaaa', '2026-W47'), state('P2bbbbbbbb', null)],
      undefined,
    ],
    ['one project absent from the bucket', [state('P1aaaaaaaa', '2026-W47')], undefined],
  ])('%s', (_what, states, expected) => {
    expect(summaryWeek(states, ['P1aaaaaaaa', 'P2bbbbbbbb'])).toBe(expected);
  });

  it('ignores projects of the bucket the deployment does not list', () => {
    const states = [state('P1aaaaaaaa', '2026-W47'), state('P9otherxxx', '2026-W12')];
    expect(summaryWeek(states, ['P1aaaaaaaa'])).toBe('2026-W47');
  });
});
