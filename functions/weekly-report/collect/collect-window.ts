import type { AuditSearchApi, AuditSearchPage } from '../../adapters/audit-search-api.js';
import type { AuditFilter, TimeWindow } from '../../core/records/audit-record.js';
import { EVIDENCE_PART_RECORDS, startsNewPart } from '../../core/records/evidence-part-rule.js';
import { recordKey } from '../../core/records/record-key.js';
import { TimeBudgetError } from '../../shared/errors.js';
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
import { crossCheck, gapOf, messageOf, moveOn, newRun, orderOf } from './window-reading.js';

export interface CollectWindowOptions {
  /** Records asked for per page: Descope's default and maximum. @default 1000 */
  pageSize?: number;
  /** Deepest `page × size` asked before reading moves on by time. */
  maxResultWindow: number;
  /** Records per evidence part (see evidence-part-rule.ts). @default EVIDENCE_PART_RECORDS */
  partRecords?: number;
  /** A segment end of an earlier invocation: reading carries on from there. */
  resume?: { cursor: CollectCursor; outcome: CollectionOutcome };
  /** The largest page the API answered earlier in the run (its page size, as far as it has shown it). */
  knownPageSize?: number;
  onPage?: (progress: PageProgress) => void;
}

/**
 * Reads every record of `filter` in `[from, to)`, yielding each record kept and, where the evidence
 * part rule closes a part (the first new millisecond after `partRecords` records), a segment end
 * where the caller may save the cursor and stop (pausing is simply not asking for more); returns
 * the outcome. Segment ends follow the records, not the requests: a run continued from one reads on
 * from that millisecond and writes the same parts as one that never stopped.
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
  const partRecords = options.partRecords ?? EVIDENCE_PART_RECORDS;
  const outcome: CollectionOutcome = structuredClone(options.resume?.outcome ?? emptyOutcome());
  outcome.pageSize = Math.max(outcome.pageSize, options.knownPageSize ?? 0);
  let at: CollectCursor = { ...(options.resume?.cursor ?? startCursor(window)) };
  const outside = new Set(at.outside);
  let atCursor = new Set(at.atCursor);
  let orderKnown = options.resume !== undefined;
  let run = newRun();
  let requests = 0;
  let inPart = 0;
  let lastKept: number | undefined;

  for (;;) {
    const unread = unreadRange(window, at);
    if (unread.from >= unread.to) break;
    const gap = (reason: string) => outcome.gaps.push(gapOf(unread, reason, run.total, run.fetched));
    let answer: AuditSearchPage;
    try {
      answer = await api.search({ filter, ...requestRange(window, at), page: run.page, size });
    } catch (error) {
      if (error instanceof TimeBudgetError) throw error;
      gap(messageOf(error));
      break;
    }
    requests += 1;
    const count = answer.records.length + answer.malformed;
    at.windowTotal ??= answer.total;
    if (run.page === 0) run.total = answer.total;
    run.fetched += count;
    outcome.fetched += count;
    outcome.malformed += answer.malformed;
    outcome.pageSize = Math.max(outcome.pageSize, Math.min(count, size));

    const order = orderOf(
      run.lastTime,
      answer.records.map((r) => r.occurred),
    );
    if (order === 'mixed' || (orderKnown && order === (at.newestFirst ? 'ascending' : 'descending'))) {
      gap('the API returned records out of time order');
      break;
    }
    if (!orderKnown && order === 'descending') {
      // `oldestFirst` ignored: read backwards from the window's end (the edges asked stay the same).
      at = { ...at, cursor: window.to, overlap: false, newestFirst: true };
    }
    if (order !== 'flat') orderKnown = true;

    let fresh = 0;
    for (const record of answer.records) {
      const key = recordKey(record);
      const t = record.occurred;
      if (t !== run.lastTime) {
        run.lastTime = t;
        run.keptAtLast = new Set();
      }
      const behind = at.newestFirst ? t > at.cursor : t < at.cursor;
      if (t < window.from || t >= window.to) outside.add(key);
      else if (behind)
        continue; // read before the cursor moved here
      else if (t === at.cursor && atCursor.has(key)) run.keptAtLast.add(key);
      else if (run.seen.has(key)) outcome.duplicates += 1;
      else {
        if (startsNewPart(inPart, lastKept, t, partRecords)) {
          // Everything before this millisecond is kept: a later invocation reads on from it.
          yield {
            type: 'segment-end',
            resume: { ...at, cursor: t, atCursor: [], overlap: true, outside: [...outside] },
            outcome: structuredClone(outcome),
          };
          inPart = 0;
        }
        inPart += 1;
        lastKept = t;
        run.seen.add(key);
        run.keptAtLast.add(key);
        outcome.kept += 1;
        fresh += 1;
        yield { type: 'record', record };
      }
    }
    options.onPage?.({
      window: unread,
      page: requests,
      records: answer.records.length,
      kept: outcome.kept,
      windowTotal: at.windowTotal,
    });

    if (count === 0 || count < outcome.pageSize) break; // a short page: nothing more to read
    // A page short of the size asked that only brought back what was kept at the cursor's
    // millisecond (a window whose records all share one millisecond, e.g. a single record): there
    // is nothing past it. Were the API to cap pages that low, `total` still shows the rest as a gap.
    if (count < size && fresh === 0 && run.lastTime === at.cursor) break;
    if (count >= size && (run.page + 2) * size <= options.maxResultWindow) {
      run.page += 1;
      continue;
    }
    if (run.lastTime === undefined) {
      gap('the API answered with malformed records only');
      break;
    }
    orderKnown = true;
    const next = moveOn(at, run, run.lastTime, window, outcome);
    if (!next) {
      gap('the API returned records outside the range asked');
      break;
    }
    at = next;
    atCursor = new Set(at.atCursor);
    run = newRun();
  }
  crossCheck(outcome, window, at.windowTotal, outside.size);
  return outcome;
}
