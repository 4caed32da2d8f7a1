import type { AuditSearchApi, AuditSearchPage } from '../adapters/audit-search-api.js';
import type { AuditFilter, AuditRecord, TimeWindow } from '../core/audit-record.js';
import { recordKey } from '../core/record-key.js';
import { splitCollect } from './split-collect.js';

export interface CollectOptions {
  /** Records per page. Descope's default and maximum. @default 1000 */
  pageSize?: number;
  /** Deepest `page * size` read before the window moves on (or is split). @default 10000 */
  maxResultWindow: number;
  onPage?: (progress: PageProgress) => void;
  /** Where an earlier invocation stopped; collection carries on from there. */
  resume?: CollectCursor;
  /**
   * Called between two parts of a window (after at most `maxResultWindow` records). Resolve to
   * `false` to stop here; the cursor passed in is what `resume` takes to continue.
   */
  onSegmentEnd?: (next: CollectCursor) => Promise<boolean>;
}

/** Position inside a window between two parts: everything before `cursor` has been read. */
export interface CollectCursor {
  cursor: number;
  /** Keys of records at the cursor's millisecond already kept. */
  atCursor: string[];
  /** Whether the next request reaches one millisecond before the cursor. */
  overlap: boolean;
  /** The API's total for the whole window, from its first request. */
  windowTotal?: number;
  /** Keys of records just outside the window that the requests returned. */
  outside: string[];
}

export interface PageProgress {
  window: TimeWindow;
  page: number;
  pages: number;
  records: number;
  /** Records kept so far and the API's total for the whole window (when known): for an ETA. */
  kept: number;
  windowTotal?: number;
}

/** A time range whose records could not all be read, and why. */
export interface CollectionGap extends TimeWindow {
  reason: string;
  /** Records the API said the range holds, when known, and how many were read from it. */
  expected?: number;
  fetched: number;
}

/** What a collection read: every record of `[from, to)` unless `gaps` says otherwise. */
export interface CollectionOutcome {
  /** Records the API counted inside the window. Equal to `kept` when nothing is missing. */
  expected: number;
  /** Records received, including edge records and records fetched again at a page boundary. */
  fetched: number;
  /** Records inside the window, unique: the ones aggregated. */
  kept: number;
  duplicates: number;
  malformed: number;
  gaps: CollectionGap[];
}

export const emptyOutcome = (): CollectionOutcome => ({
  expected: 0,
  fetched: 0,
  kept: 0,
  duplicates: 0,
  malformed: 0,
  gaps: [],
});

/** Shared by both strategies: one page request reaching a millisecond past both edges. */
export interface CollectContext {
  api: AuditSearchApi;
  filter: AuditFilter;
  size: number;
  maxPages: number;
  options: CollectOptions;
  outcome: CollectionOutcome;
}

/**
 * One millisecond before `from` (unless `overlap` is off): the API's edge semantics are
 * undocumented, so ask for a little more on both sides and keep exactly [from, to) here.
 */
export function requestPage(
  ctx: CollectContext,
  w: TimeWindow,
  page: number,
  overlap = true,
): Promise<AuditSearchPage> {
  return ctx.api.search({
    filter: ctx.filter,
    from: overlap ? w.from - 1 : w.from,
    to: w.to,
    page,
    size: ctx.size,
  });
}

export function countPage(ctx: CollectContext, page: AuditSearchPage): void {
  ctx.outcome.fetched += page.records.length + page.malformed;
  ctx.outcome.malformed += page.malformed;
}

const isAscending = (records: AuditRecord[], after: number) =>
  records.every((r, i) => r.occurred >= (i === 0 ? after : (records[i - 1]?.occurred ?? after)));

/**
 * Streams the records matching `filter` in `[from, to)` into `outcome` (one outcome per window:
 * restore it with `resume` when continuing). Pages are read oldest first; when a
 * window holds more than the result window, reading continues from the time of the last record
 * read (records of that millisecond already kept are skipped), so the run costs the floor of
 * ceil(records / page size) requests plus a few boundary records. If the API does not honour the
 * oldest-first order, the window is split in time instead. Parts that fail for good become gaps
 * and collection carries on; the window's total is checked against the records kept.
 */
export async function* collectAuditRecords(
  api: AuditSearchApi,
  filter: AuditFilter,
  window: TimeWindow,
  options: CollectOptions,
  outcome: CollectionOutcome,
): AsyncGenerator<AuditRecord> {
  const size = options.pageSize ?? 1000;
  const ctx: CollectContext = {
    api,
    filter,
    size,
    maxPages: Math.max(1, Math.floor(options.maxResultWindow / size)),
    options,
    outcome,
  };
  const resume = options.resume;
  const outside = new Set<string>(resume?.outside);
  let windowTotal: number | undefined = resume?.windowTotal;
  let cursor = resume?.cursor ?? window.from;
  let atCursor = new Set<string>(resume?.atCursor); // kept at the cursor's millisecond by the previous part
  let overlap = resume?.overlap ?? true;

  while (cursor < window.to) {
    const segment = { from: cursor, to: window.to };
    let page: AuditSearchPage;
    try {
      page = await requestPage(ctx, segment, 0, overlap);
    } catch (error) {
      outcome.gaps.push({ ...segment, reason: messageOf(error), fetched: 0 });
      break;
    }
    windowTotal ??= page.total;
    if (!isAscending(page.records, Number.NEGATIVE_INFINITY)) {
      // Newest first despite `oldestFirst`: split the rest of the window in time instead.
      yield* splitCollect(ctx, segment, page);
      return;
    }
    const pages = Math.ceil(page.total / size);
    const readable = Math.min(pages, ctx.maxPages);
    const seen = new Set<string>();
    let last = cursor;
    let previous = Number.NEGATIVE_INFINITY;
    let keptAtLast = new Set<string>();
    let fetched = 0;
    try {
      for (let p = 0; p < readable; p += 1) {
        if (p > 0) page = await requestPage(ctx, segment, p, overlap);
        if (!isAscending(page.records, previous))
          throw new Error('the API returned records out of time order');
        countPage(ctx, page);
        fetched += page.records.length + page.malformed;
        for (const record of page.records) {
          const key = recordKey(record);
          previous = record.occurred;
          if (record.occurred > last) keptAtLast = new Set();
          last = Math.max(last, record.occurred);
          if (record.occurred < window.from || record.occurred >= window.to) outside.add(key);
          else if (record.occurred < segment.from)
            continue; // the one-millisecond overlap, kept before
          else if (record.occurred === segment.from && atCursor.has(key)) keptAtLast.add(key);
          else if (seen.has(key)) outcome.duplicates += 1;
          else {
            seen.add(key);
            keptAtLast.add(key);
            outcome.kept += 1;
            yield record;
          }
        }
        options.onPage?.({
          window: segment,
          page: p + 1,
          pages: readable,
          records: page.records.length,
          kept: outcome.kept,
          ...(windowTotal !== undefined ? { windowTotal } : {}),
        });
      }
    } catch (error) {
      outcome.gaps.push({ ...segment, reason: messageOf(error), expected: page.total, fetched });
      break;
    }
    if (pages <= ctx.maxPages) {
      if (fetched !== page.total) {
        const reason = `the API counted ${page.total} records but returned ${fetched}`;
        outcome.gaps.push({ ...segment, reason, expected: page.total, fetched });
      }
      break;
    }
    if (last > cursor) {
      cursor = last;
      atCursor = keptAtLast;
      overlap = true;
    } else {
      const reason = `more than ${options.maxResultWindow} records share one millisecond; only that many can be read`;
      outcome.gaps.push({ from: cursor, to: cursor + 1, reason, fetched: seen.size + atCursor.size });
      cursor += 1;
      atCursor = new Set();
      // Reaching back into the full millisecond would return it again and never get past it.
      overlap = false;
    }
    const next = { cursor, atCursor: [...atCursor], overlap, outside: [...outside] };
    if (
      options.onSegmentEnd &&
      !(await options.onSegmentEnd({ ...next, ...(windowTotal !== undefined ? { windowTotal } : {}) }))
    ) {
      return;
    }
  }

  const kept = outcome.kept;
  const expected = windowTotal === undefined ? kept : windowTotal - outside.size;
  outcome.expected += expected;
  if (outcome.gaps.length === 0 && kept !== expected) {
    const reason = `the API counted ${expected} records in the period but ${kept} were read`;
    outcome.gaps.push({ ...window, reason, expected, fetched: kept });
  }
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
