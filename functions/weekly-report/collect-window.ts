import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { AuditFilter, TimeWindow } from '../core/audit-record.js';
import { recordKey } from '../core/record-key.js';
import { TimeBudgetError } from '../shared/errors.js';
import {
  type CollectCursor,
  type CollectItem,
  type CollectionOutcome,
  emptyOutcome,
  type PageProgress,
  requestRange,
  startCursor,
  unreadRange,
} from './collection-progress.js';

export interface CollectWindowOptions {
  /** Records asked for per page: Descope's default and maximum. @default 1000 */
  pageSize?: number;
  /** Deepest `page × size` asked before reading moves on by time; also a segment's length in requests. */
  maxResultWindow: number;
  /** A segment end of an earlier invocation: reading carries on from there. */
  resume?: { cursor: CollectCursor; outcome: CollectionOutcome };
  /** The largest page the API answered earlier in the run (its page size, as far as it has shown it). */
  knownPageSize?: number;
  onPage?: (progress: PageProgress) => void;
}

type Order = 'flat' | 'ascending' | 'descending' | 'mixed';

function orderOf(previous: number | undefined, times: number[]): Order {
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

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const gapOf = (range: TimeWindow, reason: string, expected: number | undefined, fetched: number) => ({
  ...range,
  reason,
  ...(expected !== undefined ? { expected } : {}),
  fetched,
});

/**
 * Reads every record of `filter` in `[from, to)`, yielding each record kept and, every
 * `maxResultWindow / pageSize` requests, a segment end where the caller may save the cursor and
 * stop (pausing is simply not asking for more); returns the outcome.
 *
 * - The window is read to its end only when a page comes back empty or with fewer records than
 *   the largest page the API has answered. `total` is a cross-check: fewer records read is a
 *   gap, more is recorded as `uncounted`.
 * - Full pages continue by page index; a short page that proves nothing, or the deepest page
 *   allowed, continues from the last record's time (keyset). Records of that millisecond already
 *   kept are skipped by their key (`ID`, else a hash of the whole record).
 * - An API that answers newest first despite `oldestFirst` is read the same way, backwards.
 * - A failed request ends the window with a gap for what is unread; a `TimeBudgetError` propagates.
 */
export async function* collectWindow(
  api: AuditSearchApi,
  filter: AuditFilter,
  window: TimeWindow,
  options: CollectWindowOptions,
): AsyncGenerator<CollectItem, CollectionOutcome> {
  const size = options.pageSize ?? 1000;
  const maxPages = Math.max(1, Math.floor(options.maxResultWindow / size));
  const outcome: CollectionOutcome = structuredClone(options.resume?.outcome ?? emptyOutcome());
  outcome.pageSize = Math.max(outcome.pageSize, options.knownPageSize ?? 0);
  let at: CollectCursor = { ...(options.resume?.cursor ?? startCursor(window)) };
  const outside = new Set(at.outside);
  let atCursor = new Set(at.atCursor);
  let orderKnown = options.resume !== undefined;
  const ahead = (t: number, cursor: number) => (at.newestFirst ? t < cursor : t > cursor);
  // One "run": the requests from one cursor position, by page index.
  let page = 0;
  let seen = new Set<string>();
  let lastTime: number | undefined;
  let keptAtLast = new Set<string>();
  let runTotal: number | undefined;
  let runFetched = 0;
  let requests = 0;
  let inSegment = 0;

  for (;;) {
    const unread = unreadRange(window, at);
    if (unread.from >= unread.to) break;
    let answer: Awaited<ReturnType<AuditSearchApi['search']>>;
    try {
      answer = await api.search({ filter, ...requestRange(window, at), page, size });
    } catch (error) {
      if (error instanceof TimeBudgetError) throw error;
      outcome.gaps.push(gapOf(unread, messageOf(error), runTotal, runFetched));
      break;
    }
    requests += 1;
    inSegment += 1;
    const count = answer.records.length + answer.malformed;
    at.windowTotal ??= answer.total;
    if (page === 0) runTotal = answer.total;
    runFetched += count;
    outcome.fetched += count;
    outcome.malformed += answer.malformed;
    outcome.pageSize = Math.max(outcome.pageSize, Math.min(count, size));

    const order = orderOf(
      lastTime,
      answer.records.map((r) => r.occurred),
    );
    if (order === 'mixed' || (orderKnown && order === (at.newestFirst ? 'ascending' : 'descending'))) {
      outcome.gaps.push(gapOf(unread, 'the API returned records out of time order', runTotal, runFetched));
      break;
    }
    if (!orderKnown && order === 'descending') {
      // `oldestFirst` ignored: read backwards from the window's end (the edges asked stay the same).
      at = { ...at, cursor: window.to, overlap: false, newestFirst: true };
    }
    if (order !== 'flat') orderKnown = true;

    for (const record of answer.records) {
      const key = recordKey(record);
      const t = record.occurred;
      if (t !== lastTime) {
        lastTime = t;
        keptAtLast = new Set();
      }
      if (t < window.from || t >= window.to) outside.add(key);
      else if (!ahead(t, at.cursor) && t !== at.cursor)
        continue; // read before the cursor moved
      else if (t === at.cursor && atCursor.has(key)) keptAtLast.add(key);
      else if (seen.has(key)) outcome.duplicates += 1;
      else {
        seen.add(key);
        keptAtLast.add(key);
        outcome.kept += 1;
        yield { type: 'record', record };
      }
    }
    options.onPage?.({
      window: unread,
      page: requests,
      records: answer.records.length,
      kept: outcome.kept,
      ...(at.windowTotal !== undefined ? { windowTotal: at.windowTotal } : {}),
    });

    if (count === 0 || count < outcome.pageSize) break; // a short page: nothing more to read
    if (count >= size && (page + 2) * size <= options.maxResultWindow) {
      page += 1;
      continue;
    }
    if (lastTime === undefined) {
      outcome.gaps.push(gapOf(unread, 'the API answered with malformed records only', runTotal, runFetched));
      break;
    }
    orderKnown = true;
    if (ahead(lastTime, at.cursor)) {
      at = { ...at, cursor: lastTime, atCursor: [...keptAtLast], overlap: true };
    } else {
      // No further than the cursor: this millisecond holds more records than can be read.
      const past = at.newestFirst ? Math.min(at.cursor, lastTime - 1) : Math.max(at.cursor, lastTime + 1);
      if (past === at.cursor && !at.overlap) {
        outcome.gaps.push(
          gapOf(unread, 'the API returned records outside the range asked', runTotal, runFetched),
        );
        break;
      }
      if (lastTime >= window.from && lastTime < window.to) {
        const reason = `more than ${runFetched} records share one millisecond; only that many can be read`;
        outcome.gaps.push({ from: lastTime, to: lastTime + 1, reason, fetched: keptAtLast.size });
      }
      at = { ...at, cursor: past, atCursor: [], overlap: false };
    }
    atCursor = new Set(at.atCursor);
    seen = new Set();
    page = 0;
    lastTime = undefined;
    keptAtLast = new Set();
    runTotal = undefined;
    runFetched = 0;
    if (inSegment >= maxPages) {
      inSegment = 0;
      yield {
        type: 'segment-end',
        resume: { ...at, outside: [...outside] },
        outcome: structuredClone(outcome),
      };
    }
  }

  const expected = at.windowTotal === undefined ? outcome.kept : Math.max(0, at.windowTotal - outside.size);
  outcome.expected = expected;
  outcome.uncounted = Math.max(0, outcome.kept - expected);
  if (outcome.kept < expected && outcome.gaps.length === 0) {
    const reason = `the API counted ${expected} records in the period but ${outcome.kept} were read`;
    outcome.gaps.push(gapOf(window, reason, expected, outcome.kept));
  }
  return outcome;
}
