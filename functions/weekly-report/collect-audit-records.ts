import type { AuditSearchApi, AuditSearchPage } from '../adapters/audit-search-api.js';
import type { AuditFilter, AuditRecord, TimeWindow } from '../core/audit-record.js';
import { recordKey } from '../core/record-key.js';
import { describeError } from '../shared/errors.js';
import {
  type CollectContext,
  type CollectionOutcome,
  type CollectOptions,
  countPage,
  requestPage,
} from './collect-context.js';
import { splitCollect } from './split-collect.js';

export {
  type CollectCursor,
  type CollectionGap,
  type CollectionOutcome,
  type CollectOptions,
  emptyOutcome,
  type PageProgress,
} from './collect-context.js';

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
      outcome.gaps.push({ ...segment, reason: describeError(error), fetched: 0 });
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
      outcome.gaps.push({ ...segment, reason: describeError(error), expected: page.total, fetched });
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
