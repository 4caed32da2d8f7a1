import type { AuditFilter, TimeWindow } from '../records/audit-record.js';
import { formatCount, formatRange } from '../view/format.js';

export const HOUR_MS = 3_600_000;

/** Events of one action in one bucket (an hour, or a UTC day), as the stream holds or analytics counts them. */
export interface ActionCount {
  action: string;
  /** The bucket's start, epoch ms. */
  start: number;
  count: number;
}

/** Descope analytics' counts for the period, by hour when it answers that, else by day; or why there are none. */
export type IndependentCounts =
  | { available: true; bucket: 'hour' | 'day'; counts: ActionCount[] }
  | { available: false; reason: string };

/** A time range the stream holds fewer events of than Descope counted. */
export interface StreamShortfall extends TimeWindow {
  action: string;
  expected: number;
  held: number;
  reason: string;
}

export interface CompletenessCheck {
  shortfalls: StreamShortfall[];
  /** Said in the report, never a gap: more events than counted, buckets the period only partly covers. */
  notes: string[];
}

const key = (action: string, start: number) => `${start}\u0000${action}`;

/** Whether a collection with `filter` can hold events of `action` (its other filters aside). */
export function filterCoversAction(filter: AuditFilter, action: string): boolean {
  if (filter.excludedActions?.includes(action)) return false;
  return !filter.actions || filter.actions.includes(action);
}

/**
 * Compares the stream's de-duplicated events per action and hour with Descope analytics' counts.
 * Each bucket where analytics counted more is a shortfall; consecutive short hours of one action
 * merge into one range, named hour by hour. With day buckets the hours cannot be told apart and the
 * reason says so. Buckets the period covers only in part are left out (a note says which).
 */
export function checkStreamCompleteness(
  period: TimeWindow,
  held: readonly ActionCount[],
  independent: IndependentCounts,
): CompletenessCheck {
  if (!independent.available) {
    return {
      shortfalls: [],
      notes: [`The stream's completeness was not cross-checked: ${independent.reason}.`],
    };
  }
  const size = independent.bucket === 'hour' ? HOUR_MS : 86_400_000;
  const heldByBucket = new Map<string, number>();
  for (const c of held) {
    const start = Math.floor(c.start / size) * size;
    heldByBucket.set(key(c.action, start), (heldByBucket.get(key(c.action, start)) ?? 0) + c.count);
  }
  const short: Array<{ action: string; start: number; expected: number; held: number }> = [];
  const partial = new Set<number>();
  let extra = 0;
  const counted = new Set<string>();
  for (const c of independent.counts) {
    if (c.start < period.from || c.start + size > period.to) {
      partial.add(c.start);
      continue;
    }
    counted.add(key(c.action, c.start));
    const have = heldByBucket.get(key(c.action, c.start)) ?? 0;
    if (have < c.count) short.push({ action: c.action, start: c.start, expected: c.count, held: have });
    else extra += have - c.count;
  }
  for (const [k, count] of heldByBucket) {
    const start = Number(k.slice(0, k.indexOf('\u0000')));
    if (!counted.has(k) && start >= period.from && start + size <= period.to) extra += count;
  }
  const notes: string[] = [];
  if (extra > 0)
    notes.push(
      `The stream holds ${formatCount(extra)} more events than Descope analytics counted (analytics may leave some actions out); every one is in the numbers.`,
    );
  if (partial.size > 0)
    notes.push(
      `${partial.size} analytics ${independent.bucket === 'hour' ? 'hour' : 'day'}(s) reach outside the period and were not compared.`,
    );
  return { shortfalls: mergeRuns(short, size, independent.bucket), notes };
}

function mergeRuns(
  short: Array<{ action: string; start: number; expected: number; held: number }>,
  size: number,
  bucket: 'hour' | 'day',
): StreamShortfall[] {
  const sorted = [...short].sort((a, b) =>
    a.action < b.action ? -1 : a.action > b.action ? 1 : a.start - b.start,
  );
  const runs: Array<typeof short> = [];
  for (const s of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && last.action === s.action && last.start + size === s.start) run.push(s);
    else runs.push([s]);
  }
  return runs.map((run) => {
    const first = run[0] as (typeof run)[number];
    const from = first.start;
    const to = (run.at(-1)?.start ?? from) + size;
    const expected = run.reduce((sum, s) => sum + s.expected, 0);
    const held = run.reduce((sum, s) => sum + s.held, 0);
    const hours =
      bucket === 'hour'
        ? `hours ${run.map((s) => `${new Date(s.start).toISOString().slice(0, 13).replace('T', ' ')}:00`).join(', ')} UTC`
        : 'analytics counts by day, so the hours cannot be told apart';
    return {
      action: first.action,
      from,
      to,
      expected,
      held,
      reason:
        `Descope analytics counted ${formatCount(expected)} ${first.action} events in ${formatRange(from, to)} ` +
        `but the stream holds ${formatCount(held)} (${hours}): ${formatCount(expected - held)} missing from the stream`,
    };
  });
}
