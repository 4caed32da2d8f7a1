import type { ReliabilityEvent } from '../adapters/reliable-audit-search.js';
import { formatCount } from '../core/report-view.js';
import type { RunEvents } from './run-weekly-report.js';

/** Human progress lines for the CLI (the Lambda logs the same events as structured fields). */
export function createCliProgress(print: (line: string) => void): RunEvents & {
  onSearchEvent: (event: ReliabilityEvent) => void;
} {
  const records = new Map<string, number>();
  return {
    onPage(collection, p) {
      const total = (records.get(collection) ?? 0) + p.records;
      records.set(collection, total);
      print(`  ${collection}: page ${p.page}/${p.pages} · ${formatCount(total)} records so far`);
    },
    onCollected(collection, o) {
      const state = o.gaps.length === 0 ? 'complete' : `INCOMPLETE, ${o.gaps.length} gap(s)`;
      print(
        `Collected ${collection}: ${formatCount(o.kept)} records kept of ${formatCount(o.fetched)} fetched ` +
          `(API total ${formatCount(o.expected)}) — ${state}`,
      );
      for (const gap of o.gaps) {
        print(`  gap ${new Date(gap.from).toISOString()} – ${new Date(gap.to).toISOString()}: ${gap.reason}`);
      }
    },
    onTrends(trends, requests) {
      if (trends.available) {
        const { weeks } = trends.history;
        print(`Trends: ${weeks[0]} – ${weeks[weeks.length - 1]} from ${requests} analytics search(es)`);
      } else print(`Trends unavailable: ${trends.reason}`);
    },
    onSearchEvent(event) {
      if (event.type === 'rate-limited')
        print(`  rate limited by Descope: waiting ${Math.ceil(event.waitMs / 1000)} s`);
      else print(`  retrying (attempt ${event.attempt} failed: ${event.reason})`);
    },
  };
}
