import { DAY_MS } from '../period/period.js';
import type { TimeWindow } from '../records/audit-record.js';

/*
 * Where a stream's objects are, by day. A layout is a key pattern up to the day, with the tokens
 * `{projectId}`, `{yyyy}`, `{mm}` and `{dd}`: `stream/events/dt={yyyy}-{mm}-{dd}/` for the
 * EventBridge → Firehose path this stack builds, something like `{projectId}/{yyyy}/{mm}/{dd}/` for
 * Descope's S3 connector (its layout is undocumented: given in the configuration or discovered).
 */

/**
 * Where the stack's Firehose lands the stream in the evidence bucket, outside `reports/`: the one
 * prefix the bucket policy lets a principal (the delivery role, alone) write without `If-None-Match`.
 */
export const STREAM_LANDING_PREFIX = 'stream/';
/** Where the stack's Firehose delivers the events. */
export const FIREHOSE_EVENTS_PREFIX = `${STREAM_LANDING_PREFIX}events/`;
/** Its partitions: the UTC day each object arrived. */
export const FIREHOSE_EVENTS_PATTERN = `${FIREHOSE_EVENTS_PREFIX}dt={yyyy}-{mm}-{dd}/`;
/** Where Firehose puts what it could not deliver. */
export const FIREHOSE_ERRORS_PREFIX = `${STREAM_LANDING_PREFIX}errors/`;

const TOKEN = /\{(projectId|yyyy|mm|dd)\}/g;

/** Why a pattern cannot be used, or `undefined` when it can. */
export function layoutProblem(pattern: string): string | undefined {
  const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1]);
  for (const needed of ['yyyy', 'mm', 'dd']) {
    if (!tokens.includes(needed)) return `must contain {${needed}}`;
  }
  if (pattern.replace(TOKEN, '').includes('{')) return 'knows only {projectId}, {yyyy}, {mm} and {dd}';
  if (!pattern.endsWith('/')) return 'must end with "/" after the day';
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The key prefix holding the objects of the UTC day starting at `dayStart`. */
export function dayPrefix(pattern: string, projectId: string, dayStart: number): string {
  const day = new Date(dayStart);
  const values: Record<string, string> = {
    yyyy: String(day.getUTCFullYear()),
    mm: pad(day.getUTCMonth() + 1),
    dd: pad(day.getUTCDate()),
  };
  return pattern.replace(TOKEN, (_all, token: string) =>
    token === 'projectId' ? projectId : (values[token] ?? ''),
  );
}

/** The constant part of a pattern before its first day token: where to list to discover days. */
export function layoutRoot(pattern: string, projectId: string): string {
  const first = pattern.search(/\{(yyyy|mm|dd)\}/);
  return pattern.slice(0, first).replaceAll('{projectId}', projectId);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The UTC day start a key's layout places it in, or `undefined` when the key is not in the layout. */
export function dayOfKey(pattern: string, projectId: string, key: string): number | undefined {
  const order: string[] = [];
  const source = pattern
    .split(TOKEN)
    .map((piece, i) => {
      if (i % 2 === 0) return escapeRegExp(piece);
      if (piece === 'projectId') return escapeRegExp(projectId);
      order.push(piece);
      return piece === 'yyyy' ? '(\\d{4})' : '(\\d{2})';
    })
    .join('');
  const match = new RegExp(`^${source}`).exec(key);
  if (!match) return undefined;
  const part = (token: string) => Number(match[order.indexOf(token) + 1]);
  const ms = Date.UTC(part('yyyy'), part('mm') - 1, part('dd'));
  return new Date(ms).getUTCDate() === part('dd') ? ms : undefined;
}

/**
 * The UTC days whose partitions can hold records of `window`: its days, plus `lateDays` after (a
 * partition is the day an object arrived, which may be after the event) and one before (clocks
 * and batching at midnight).
 */
export function partitionDays(window: TimeWindow, lateDays: number): number[] {
  const first = Math.floor(window.from / DAY_MS) * DAY_MS - DAY_MS;
  const last = Math.floor((window.to - 1) / DAY_MS) * DAY_MS + lateDays * DAY_MS;
  const days: number[] = [];
  for (let day = first; day <= last; day += DAY_MS) days.push(day);
  return days;
}

const DATE_IN_KEY =
  /(dt=|date=)?(\d{4})([-/])(\d{2})\3(\d{2})(?=\/)|year=(\d{4})\/month=(\d{2})\/day=(\d{2})(?=\/)/;

/**
 * The layout of one key: its text up to the first date in it (`YYYY-MM-DD`, `YYYY/MM/DD`, with an
 * optional `dt=`, or `year=/month=/day=`), the project ID made a token. `undefined` for a key
 * without a date.
 */
export function inferLayout(key: string, projectId: string): string | undefined {
  const match = DATE_IN_KEY.exec(key);
  if (!match) return undefined;
  const before = key.slice(0, match.index).replaceAll(projectId, '{projectId}');
  const day = match[6]
    ? 'year={yyyy}/month={mm}/day={dd}'
    : `${match[1] ?? ''}{yyyy}${match[3]}{mm}${match[3]}{dd}`;
  return `${before}${day}/`;
}

/** The layout most of `keys` follow, with how many do; `undefined` when no key holds a date. */
export function discoverLayout(
  keys: readonly string[],
  projectId: string,
): { pattern: string; matching: number; others: string[] } | undefined {
  const counts = new Map<string, number>();
  const others: string[] = [];
  for (const key of keys) {
    const pattern = inferLayout(key, projectId);
    if (pattern === undefined) others.push(key);
    else counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const best = ranked[0];
  if (!best) return undefined;
  const [pattern, matching] = best;
  return {
    pattern,
    matching,
    others: [
      ...others,
      ...keys.filter(
        (k) => dayOfKey(pattern, projectId, k) === undefined && inferLayout(k, projectId) !== undefined,
      ),
    ],
  };
}
