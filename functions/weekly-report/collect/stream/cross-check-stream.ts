import type { AuditAnalyticsSource } from '../../../adapters/audit-analytics-source.js';
import type { AuditSearchApi } from '../../../adapters/audit-search-api.js';
import type { CollectionPlan } from '../../../core/catalog/query-plan.js';
import { DAY_MS } from '../../../core/period/period.js';
import type { TimeWindow } from '../../../core/records/audit-record.js';
import type { StreamSpotCheck } from '../../../core/report/collection-source.js';
import {
  type ActionCount,
  checkStreamCompleteness,
  filterCoversAction,
  HOUR_MS,
  type IndependentCounts,
  type StreamShortfall,
} from '../../../core/stream/stream-completeness.js';
import { formatCount, formatRange } from '../../../core/view/format.js';
import { describeError } from '../../../shared/errors.js';
import type { CollectionGap } from '../collection-progress.js';

/** The actions the plans read: `undefined` when some plan reads every action (then analytics counts all). */
export function actionsRead(plans: readonly CollectionPlan[]): string[] | undefined {
  const actions = new Set<string>();
  for (const plan of plans) {
    if (!plan.filter.actions) return undefined;
    for (const action of plan.filter.actions) actions.add(action);
  }
  return [...actions].sort();
}

/**
 * Descope analytics' counts per action for the period, by hour when it answers by hour (a bucket
 * off midnight proves it), else by day; or why there are none.
 */
export async function independentCounts(
  analytics: AuditAnalyticsSource | undefined,
  period: TimeWindow,
  actions: string[] | undefined,
): Promise<IndependentCounts> {
  if (!analytics) return { available: false, reason: 'no Descope analytics source is configured' };
  try {
    const rows = await analytics.count({
      from: period.from,
      to: period.to - 1,
      actions,
      groupBy: ['action'],
      bucket: 'hour',
    });
    const counts: ActionCount[] = rows.map((r) => ({ action: r.action ?? '', start: r.day, count: r.count }));
    const hourly = counts.some((c) => c.start % DAY_MS !== 0) && counts.every((c) => c.start % HOUR_MS === 0);
    return { available: true, bucket: hourly ? 'hour' : 'day', counts };
  } catch (error) {
    return { available: false, reason: `Descope analytics could not be read (${describeError(error)})` };
  }
}

/**
 * Up to `limit` hours checked with one audit search each (only inside the search's 30 days): the
 * busiest hour of each action the plans read, busiest first. The search's `total` against the
 * stream's count of that action and hour: fewer in the stream is a shortfall.
 */
export async function spotCheck(
  search: AuditSearchApi,
  held: readonly ActionCount[],
  limit: number,
): Promise<{ checks: StreamSpotCheck[]; shortfalls: StreamShortfall[]; notes: string[] }> {
  const busiest = new Map<string, ActionCount>();
  for (const c of held) {
    const best = busiest.get(c.action);
    if (!best || c.count > best.count || (c.count === best.count && c.start < best.start))
      busiest.set(c.action, c);
  }
  const chosen = [...busiest.values()]
    .sort((a, b) => b.count - a.count || (a.action < b.action ? -1 : 1))
    .slice(0, limit);
  const checks: StreamSpotCheck[] = [];
  const shortfalls: StreamShortfall[] = [];
  const notes: string[] = [];
  for (const hour of chosen) {
    const window = { from: hour.start, to: hour.start + HOUR_MS };
    try {
      const page = await search.search({
        filter: { actions: [hour.action] },
        from: window.from,
        to: window.to - 1,
        page: 0,
        size: 1000,
      });
      checks.push({ ...window, action: hour.action, searched: page.total, held: hour.count });
      if (page.total > hour.count) {
        shortfalls.push({
          ...window,
          action: hour.action,
          expected: page.total,
          held: hour.count,
          reason:
            `An audit search counted ${formatCount(page.total)} ${hour.action} events in ${formatRange(window.from, window.to)} ` +
            `but the stream holds ${formatCount(hour.count)}: ${formatCount(page.total - hour.count)} missing from the stream`,
        });
      }
    } catch (error) {
      notes.push(
        `A spot-check audit search of ${hour.action} in ${formatRange(window.from, window.to)} failed: ${describeError(error)}.`,
      );
    }
  }
  return { checks, shortfalls, notes };
}

/** Each shortfall as a gap of every plan that can hold its action. */
export function shortfallGaps(
  plans: readonly CollectionPlan[],
  shortfalls: readonly StreamShortfall[],
): Map<string, CollectionGap[]> {
  const gaps = new Map<string, CollectionGap[]>(plans.map((p) => [p.id, []]));
  for (const s of shortfalls) {
    for (const plan of plans) {
      if (!filterCoversAction(plan.filter, s.action)) continue;
      gaps
        .get(plan.id)
        ?.push({ from: s.from, to: s.to, reason: s.reason, expected: s.expected, fetched: s.held });
    }
  }
  return gaps;
}

export { checkStreamCompleteness };
