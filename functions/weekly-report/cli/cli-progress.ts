import type { ReliabilityEvent } from '../../adapters/reliable-audit-search.js';
import { formatCount } from '../../core/view/format.js';
import type { RunEvents } from '../run-events.js';

/** "1 h 04 min", "3 min 10 s", "12 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600)
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/**
 * Time to read `remaining` more records at `requestsPerMinute`, one page of 1000 per request. The
 * limiter lets a minute's requests go at once, so the estimate counts whole minutes after the first.
 */
export function estimateRemainingMs(remaining: number, requestsPerMinute: number): number {
  const requests = Math.ceil(Math.max(0, remaining) / 1000);
  return requests <= requestsPerMinute ? 0 : Math.ceil(requests / requestsPerMinute - 1) * 60_000;
}

/** Human progress lines for the CLI (the Lambda logs the same events as structured fields). */
export function createCliProgress(
  print: (line: string) => void,
  requestsPerMinute: number,
  source: 'api' | 'stream' = 'api',
): RunEvents & { onSearchEvent: (event: ReliabilityEvent) => void } {
  let requests = 0;
  return {
    onPage(collection, p) {
      requests += 1;
      // `total` is only a cross-check: past it, there is neither an "of" nor an ETA to give.
      const total = p.windowTotal !== undefined && p.kept <= p.windowTotal ? p.windowTotal : undefined;
      const of = total === undefined ? '' : ` of ${formatCount(total)}`;
      const eta =
        total === undefined
          ? ''
          : ` · ETA ${formatDuration(estimateRemainingMs(total - p.kept, requestsPerMinute))}`;
      print(`  ${collection}: ${formatCount(p.kept)}${of} records read · request ${requests}${eta}`);
    },
    onCollected(collection, o) {
      const state =
        (o.gaps.length === 0 ? 'complete' : `INCOMPLETE, ${o.gaps.length} gap(s)`) +
        (o.uncounted > 0 ? `; the API under-counted by ${formatCount(o.uncounted)}` : '');
      print(
        source === 'stream'
          ? // The stream delivers at least once: copies of a record are dropped.
            `Collected ${collection}: ${formatCount(o.kept)} records kept, ${formatCount(o.duplicates)} duplicate copies dropped — ${state}`
          : // Records read again at a window's edge (to prove its end) are received twice, kept once.
            `Collected ${collection}: ${formatCount(o.kept)} records kept, ${formatCount(o.fetched)} received ` +
              `with edge re-reads (API total ${formatCount(o.expected)}) — ${state}`,
      );
      for (const gap of o.gaps) {
        print(`  gap ${new Date(gap.from).toISOString()} – ${new Date(gap.to).toISOString()}: ${gap.reason}`);
      }
    },
    onTrends(trends, requests) {
      if (trends.available) {
        const { weeks } = trends.history;
        print(`Trends: ${weeks[0]} – ${weeks[weeks.length - 1]} from ${requests} analytics search(es)`);
      } else print(`No analytics history: ${trends.reason} (stored reports are read first)`);
    },
    onSearchEvent(event) {
      if (event.type === 'rate-limited')
        print(`  rate limited by Descope: waiting ${Math.ceil(event.waitMs / 1000)} s`);
      else print(`  retrying (attempt ${event.attempt} failed: ${event.reason})`);
    },
  };
}
