import type { TimeWindow } from '../../core/records/audit-record.js';
import type { CollectCursor, CollectionOutcome } from './collection-progress.js';

/*
 * The steps of reading one window (see collect-window.ts): each a plain function of the cursor,
 * the current run of requests and the outcome.
 */

type Order = 'flat' | 'ascending' | 'descending' | 'mixed';

/** How `times` run, continuing from `previous`: a page must keep one direction. */
export function orderOf(previous: number | undefined, times: number[]): Order {
  let up = false;
  let down = false;
  let before = previous;
  for (const t of times) {
    if (before !== undefined && t > before) up = true;
    if (before !== undefined && t < before) down = true;
    before = t;
  }
  return up && down ? 'mixed' : up ? 'ascending' : down ? 'descending' : 'flat';
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const gapOf = (range: TimeWindow, reason: string, expected: number | undefined, fetched: number) => ({
  ...range,
  reason,
  expected,
  fetched,
});

/** The requests from one cursor position, by page index, and what they have read. */
export interface Run {
  page: number;
  /** Keys kept since the cursor last moved. */
  seen: Set<string>;
  /** Time of the last record read, and the keys kept at that millisecond. */
  lastTime?: number;
  keptAtLast: Set<string>;
  /** The API's total for the run's first request, and the records fetched since. */
  total?: number;
  fetched: number;
}

export const newRun = (): Run => ({ page: 0, seen: new Set(), keptAtLast: new Set(), fetched: 0 });

/**
 * Where reading goes after `run`: on from its last record's time (keyset), or, when that is no
 * further than the cursor (one millisecond holds more records than a run can read), past that
 * millisecond with a gap for it. `undefined` when the API answers outside the range asked.
 */
export function moveOn(
  at: CollectCursor,
  run: Run,
  lastTime: number,
  window: TimeWindow,
  outcome: CollectionOutcome,
) {
  const ahead = at.newestFirst ? lastTime < at.cursor : lastTime > at.cursor;
  if (ahead) return { ...at, cursor: lastTime, atCursor: [...run.keptAtLast], overlap: true };
  const past = at.newestFirst ? Math.min(at.cursor, lastTime - 1) : Math.max(at.cursor, lastTime + 1);
  if (past === at.cursor && !at.overlap) return undefined;
  if (lastTime >= window.from && lastTime < window.to) {
    const reason = `more than ${run.fetched} records share one millisecond; only that many can be read`;
    outcome.gaps.push({ from: lastTime, to: lastTime + 1, reason, fetched: run.keptAtLast.size });
  }
  return { ...at, cursor: past, atCursor: [], overlap: false };
}

/** The cross-check with `total` once reading is done: fewer records is a gap, more is `uncounted`. */
export function crossCheck(
  outcome: CollectionOutcome,
  window: TimeWindow,
  total: number | undefined,
  outside: number,
) {
  const expected = total === undefined ? outcome.kept : Math.max(0, total - outside);
  outcome.expected = expected;
  outcome.uncounted = Math.max(0, outcome.kept - expected);
  if (outcome.kept < expected && outcome.gaps.length === 0) {
    const reason = `the API counted ${expected} records in the period but ${outcome.kept} were read`;
    outcome.gaps.push(gapOf(window, reason, expected, outcome.kept));
  }
}
