import type { AuditSearchPage } from '../adapters/audit-search-api.js';
import type { AuditRecord, TimeWindow } from '../core/audit-record.js';
import { recordKey } from '../core/record-key.js';
import { describeError } from '../shared/errors.js';
import { type CollectContext, countPage, requestPage } from './collect-context.js';

/**
 * Fallback when the API ignores the oldest-first order: a window holding more than the result
 * window is split in time (aiming at 80% of it per part) and each part paged on its own. Parts
 * are disjoint because each keeps only `from <= occurred < to`. Each part's records must add up
 * to its `total`, else it is a gap.
 */
export async function* splitCollect(
  ctx: CollectContext,
  w: TimeWindow,
  first?: AuditSearchPage,
): AsyncGenerator<AuditRecord> {
  const { outcome, size } = ctx;
  let fetched = 0;
  let page = first;
  try {
    page ??= await requestPage(ctx, w, 0);
    const total = page.total;
    const pages = Math.ceil(total / size);
    if (pages > ctx.maxPages && w.to - w.from > 1) {
      const parts = Math.min(w.to - w.from, Math.ceil(total / (ctx.options.maxResultWindow * 0.8)));
      const step = Math.ceil((w.to - w.from) / parts);
      for (let from = w.from; from < w.to; from += step) {
        yield* splitCollect(ctx, { from, to: Math.min(w.to, from + step) });
      }
      return;
    }
    const readable = Math.min(pages, ctx.maxPages);
    const seen = new Set<string>();
    let inside = 0;
    for (let p = 0; p < readable; p += 1) {
      if (p > 0) page = await requestPage(ctx, w, p);
      countPage(ctx, page);
      fetched += page.records.length + page.malformed;
      ctx.options.onPage?.({
        window: w,
        page: p + 1,
        pages: readable,
        records: page.records.length,
        kept: outcome.kept,
      });
      for (const record of page.records) {
        if (record.occurred < w.from || record.occurred >= w.to) continue;
        inside += 1;
        const key = recordKey(record);
        if (seen.has(key)) {
          outcome.duplicates += 1;
          continue;
        }
        seen.add(key);
        outcome.kept += 1;
        yield record;
      }
    }
    outcome.expected += inside;
    if (fetched !== total || seen.size !== inside) {
      const reason =
        pages > ctx.maxPages
          ? `more than ${ctx.options.maxResultWindow} records share one millisecond; only that many can be read`
          : `the API counted ${total} records but returned ${fetched} (${inside - seen.size} twice)`;
      outcome.gaps.push({ ...w, reason, expected: total, fetched });
    }
  } catch (error) {
    outcome.gaps.push({
      ...w,
      reason: describeError(error),
      ...(page ? { expected: page.total } : {}),
      fetched,
    });
  }
}
