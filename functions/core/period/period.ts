import { PeriodError } from '../../shared/errors.js';
import type { TimeWindow } from '../records/audit-record.js';

/** One UTC day in milliseconds (UTC days have no DST). */
export const DAY_MS = 86_400_000;
/** Length of an ISO week in milliseconds (UTC: no DST applies). */
export const WEEK_MS = 7 * DAY_MS;

/** A reporting period: a half-open window `[from, to)` with a stable label used in keys and subjects. */
export interface ReportPeriod extends TimeWindow {
  /** `YYYY-Www` for ISO weeks, `YYYY-MM-DD` for UTC days, `YYYY-MM-DDTHHmmZ--YYYY-MM-DDTHHmmZ` for custom ranges. */
  label: string;
  kind: 'iso-week' | 'day' | 'custom';
}

/** The UTC day starting at `dayStartMs` (midnight UTC), labelled `YYYY-MM-DD`. */
export function utcDayStarting(dayStartMs: number): ReportPeriod {
  return {
    from: dayStartMs,
    to: dayStartMs + DAY_MS,
    label: new Date(dayStartMs).toISOString().slice(0, 10),
    kind: 'day',
  };
}

/** The UTC day `YYYY-MM-DD` (a daily review period, PCI DSS 10.4.1). */
export function parseDay(label: string): ReportPeriod {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label.trim());
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(start) || utcDayStarting(start).label !== label.trim())
    throw new PeriodError(`"${label}" is not a day such as 2026-11-30`);
  return utcDayStarting(start);
}

/** The last complete UTC day strictly before `epochMs`. */
export const previousCompleteDay = (epochMs: number): ReportPeriod =>
  utcDayStarting(Math.floor(epochMs / DAY_MS) * DAY_MS - DAY_MS);

/**
 * The period a report compares itself with (its new, still-open and resolved findings): the ISO
 * week before a week, the day before a day; a custom range has none.
 */
export const comparedPeriod = (period: ReportPeriod): ReportPeriod | undefined =>
  period.kind === 'iso-week'
    ? shiftWeek(period, -1)
    : period.kind === 'day'
      ? utcDayStarting(period.from - DAY_MS)
      : undefined;

/** The seven UTC days of an ISO week, Monday first. */
export const daysOfWeek = (week: ReportPeriod): ReportPeriod[] =>
  Array.from({ length: 7 }, (_, i) => utcDayStarting(week.from + i * DAY_MS));

/** Monday 00:00 UTC of the ISO week containing `epochMs`. */
export function startOfIsoWeek(epochMs: number): number {
  const dayStart = Math.floor(epochMs / DAY_MS) * DAY_MS;
  const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
  return dayStart - weekday * DAY_MS;
}

/** ISO 8601 week-numbering year and week of the week starting at `mondayMs`. */
function isoWeekOf(mondayMs: number): { year: number; week: number } {
  const thursday = new Date(mondayMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayWeekStart = startOfIsoWeek(Date.UTC(year, 0, 4));
  return { year, week: Math.round((mondayMs - firstThursdayWeekStart) / WEEK_MS) + 1 };
}

/** The ISO week starting at `mondayMs` (Monday 00:00 UTC), with its `YYYY-Www` label. */
export function isoWeekStarting(mondayMs: number): ReportPeriod {
  const { year, week } = isoWeekOf(mondayMs);
  return {
    from: mondayMs,
    to: mondayMs + WEEK_MS,
    label: `${year}-W${String(week).padStart(2, '0')}`,
    kind: 'iso-week',
  };
}

/** The ISO week `YYYY-Www` (weeks 01..52, or 53 in long years). */
export function parseIsoWeek(label: string): ReportPeriod {
  const match = /^(\d{4})-W(\d{2})$/.exec(label.trim());
  if (!match) throw new PeriodError(`"${label}" is not an ISO week such as 2026-W47`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  const firstMonday = startOfIsoWeek(Date.UTC(year, 0, 4));
  const period = isoWeekStarting(firstMonday + (week - 1) * WEEK_MS);
  if (week < 1 || period.label !== `${year}-W${match[2]}`) {
    throw new PeriodError(`${year} has no ISO week ${match[2]}`);
  }
  return period;
}

/** The last complete ISO week strictly before `epochMs` (a run on Monday 06:00 reports the week just ended). */
export function previousCompleteWeek(epochMs: number): ReportPeriod {
  return isoWeekStarting(startOfIsoWeek(epochMs) - WEEK_MS);
}

/** The ISO week `weeks` weeks before `period` (which must be a week). */
export function shiftWeek(period: ReportPeriod, weeks: number): ReportPeriod {
  return isoWeekStarting(startOfIsoWeek(period.from) + weeks * WEEK_MS);
}

function compactIso(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, 'Z')
    .replace(':', '');
}

/** A custom period `[from, to)`; both ends must be valid instants and `from < to`. */
export function customPeriod(fromIso: string, toIso: string): ReportPeriod {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from)) throw new PeriodError(`--from "${fromIso}" is not an ISO 8601 date-time`);
  if (Number.isNaN(to)) throw new PeriodError(`--to "${toIso}" is not an ISO 8601 date-time`);
  if (from >= to) throw new PeriodError('--from must be before --to');
  return { from, to, label: `${compactIso(from)}--${compactIso(to)}`, kind: 'custom' };
}

/** Descope keeps audit events this many days; older periods cannot be read in full. */
export const DESCOPE_RETENTION_DAYS = 30;

/**
 * Refuses a period Descope can no longer answer in full: audit search keeps `retentionDays` days,
 * so `from` must not be older than `now - retentionDays`, and the period must have ended.
 */
export function assertWithinRetention(period: ReportPeriod, now: number, retentionDays: number): void {
  const oldest = now - retentionDays * DAY_MS;
  if (period.from < oldest) {
    throw new PeriodError(
      `${period.label} starts ${new Date(period.from).toISOString()}, older than Descope's ` +
        `${retentionDays}-day audit retention (oldest available: ${new Date(oldest).toISOString()})`,
    );
  }
  if (period.to > now) {
    throw new PeriodError(`${period.label} has not ended yet (ends ${new Date(period.to).toISOString()})`);
  }
}

/** Longest period a continuation may carry: Descope keeps 30 days, so no longer period is answerable. */
export const MAX_PERIOD_DAYS = 31;
/** Latest instant `Date` can represent (±8.64e15 ms). */
const MAX_INSTANT = 8.64e15;

/**
 * Checks a period that arrived as data (a continuation event) before anything is sized from it:
 * integer bounds inside `Date`'s range, `from < to`, at most `MAX_PERIOD_DAYS` long, and a label
 * that is the one its bounds produce. Returns the problem, or `undefined` when the period is sound.
 */
export function periodProblem(period: ReportPeriod): string | undefined {
  const { from, to } = period;
  if (
    !Number.isSafeInteger(from) ||
    !Number.isSafeInteger(to) ||
    Math.abs(from) > MAX_INSTANT ||
    Math.abs(to) > MAX_INSTANT
  )
    return 'from and to must be epoch milliseconds';
  if (from >= to) return 'from must be before to';
  if (to - from > MAX_PERIOD_DAYS * DAY_MS) return `a period spans at most ${MAX_PERIOD_DAYS} days`;
  const expected =
    period.kind === 'iso-week'
      ? startOfIsoWeek(from) === from && to === from + WEEK_MS
        ? isoWeekStarting(from).label
        : undefined
      : period.kind === 'day'
        ? from % DAY_MS === 0 && to === from + DAY_MS
          ? utcDayStarting(from).label
          : undefined
        : customPeriod(new Date(from).toISOString(), new Date(to).toISOString()).label;
  if (expected !== period.label)
    return `label ${JSON.stringify(period.label)} does not match [${from}, ${to})`;
  return undefined;
}
