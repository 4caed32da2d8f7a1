import type { AuditSearchApi, AuditSearchPage } from '../adapters/audit-search-api.js';
import type { AuditFilter, TimeWindow } from '../core/audit-record.js';

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
