import type { AuditRecord, TimeWindow } from '../../core/records/audit-record.js';

/**
 * Where reading one window stands between two segments: what a later invocation needs to carry on
 * exactly where this one stopped. Reading oldest first, everything before `cursor` has been read;
 * newest first (an API that ignores `oldestFirst`), everything after it.
 */
export interface CollectCursor {
  cursor: number;
  /** Keys of the records at the cursor's millisecond already kept. */
  atCursor: string[];
  /** Whether the next request reaches one millisecond past the cursor (edge semantics are undocumented). */
  overlap: boolean;
  newestFirst: boolean;
  /** The API's `total` from the window's first answer: a cross-check, never proof of anything. */
  windowTotal?: number;
  /** Keys of records just outside the window that requests returned (they are in `windowTotal`). */
  outside: string[];
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
  /** Records the API counted inside the window (its `total`, less the edge records outside it). */
  expected: number;
  /** Records received, including edge records and records received again at a keyset move. */
  fetched: number;
  /** Records inside the window, unique: the ones aggregated. */
  kept: number;
  duplicates: number;
  malformed: number;
  gaps: CollectionGap[];
  /** Records read beyond the API's count: its `total` under-counted (0 when it did not). */
  uncounted: number;
  /** The largest page the API answered: its page size, as far as the answers have shown it (0 when none was). */
  pageSize: number;
}

export const emptyOutcome = (): CollectionOutcome => ({
  expected: 0,
  fetched: 0,
  kept: 0,
  duplicates: 0,
  malformed: 0,
  gaps: [],
  uncounted: 0,
  pageSize: 0,
});

/** What the collection generator yields: each record kept, and each point where it may be paused. */
export type CollectItem =
  | { type: 'record'; record: AuditRecord }
  | { type: 'segment-end'; resume: CollectCursor; outcome: CollectionOutcome };

export interface PageProgress {
  window: TimeWindow;
  /** Requests made for this window in this invocation. */
  page: number;
  records: number;
  /** Records kept so far and the API's total for the whole window (when known): for an ETA. */
  kept: number;
  windowTotal?: number;
}

/** The part of `window` not read yet from `cursor`. Empty (`from >= to`) when reading is done. */
export function unreadRange(window: TimeWindow, cursor: CollectCursor): TimeWindow {
  return cursor.newestFirst
    ? { from: window.from, to: Math.min(window.to, cursor.cursor + 1) }
    : { from: Math.max(window.from, cursor.cursor), to: window.to };
}

/** The request edges that read the unread range, one millisecond wider on the cursor's side if `overlap`. */
export function requestRange(window: TimeWindow, cursor: CollectCursor): TimeWindow {
  const reach = cursor.overlap ? 1 : 0;
  return cursor.newestFirst
    ? { from: window.from - 1, to: cursor.cursor + reach }
    : { from: cursor.cursor - reach, to: window.to };
}

export const startCursor = (window: TimeWindow): CollectCursor => ({
  cursor: window.from,
  atCursor: [],
  overlap: true,
  newestFirst: false,
  outside: [],
});
