import { PeriodError } from '../../shared/errors.js';
import { DAY_MS, isoWeekStarting, type ReportPeriod, startOfIsoWeek, WEEK_MS } from './period.js';

/** `2026-11`: the UTC calendar month. */
export function parseMonth(label: string): ReportPeriod {
  const match = /^(\d{4})-(\d{2})$/.exec(label.trim());
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new PeriodError(`"${label}" is not a month such as 2026-11`);
  const year = Number(match[1]);
  return {
    from: Date.UTC(year, month - 1, 1),
    to: Date.UTC(year, month, 1),
    label: match[0],
    kind: 'custom',
  };
}

/** `2026-Q4`: the UTC calendar quarter. */
export function parseQuarter(label: string): ReportPeriod {
  const match = /^(\d{4})-Q([1-4])$/.exec(label.trim());
  if (!match) throw new PeriodError(`"${label}" is not a quarter such as 2026-Q4`);
  const year = Number(match[1]);
  const first = (Number(match[2]) - 1) * 3;
  return {
    from: Date.UTC(year, first, 1),
    to: Date.UTC(year, first + 3, 1),
    label: match[0],
    kind: 'custom',
  };
}

/** `2026`: the UTC calendar year. */
export function parseYear(label: string): ReportPeriod {
  const match = /^(\d{4})$/.exec(label.trim());
  if (!match) throw new PeriodError(`"${label}" is not a year such as 2026`);
  const year = Number(match[1]);
  return { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1), label: match[0], kind: 'custom' };
}

const stamp = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : iso.replace(/:\d\d\.\d{3}Z$/, 'Z').replace(':', '');
};

/** A rollup over `[from, to)`, labelled `from_to` (dates, or compact instants when not midnight). */
export const rangeRollup = (period: ReportPeriod): ReportPeriod => ({
  ...period,
  label: `${stamp(period.from)}_${stamp(period.to)}`,
});

/** The ISO weeks overlapping `period`, oldest first. */
export function weeksOverlapping(period: ReportPeriod): ReportPeriod[] {
  const weeks: ReportPeriod[] = [];
  for (let monday = startOfIsoWeek(period.from); monday < period.to; monday += WEEK_MS) {
    weeks.push(isoWeekStarting(monday));
  }
  return weeks;
}

const monthStart = (ms: number) => {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
};

/** The last complete UTC month before `epochMs` (a run on the 2nd reports the month just ended). */
export function previousCompleteMonth(epochMs: number): ReportPeriod {
  const { year, month } = monthStart(epochMs);
  const from = Date.UTC(year, month - 1, 1);
  return parseMonth(new Date(from).toISOString().slice(0, 7));
}

/** The last complete UTC quarter before `epochMs`. */
export function previousCompleteQuarter(epochMs: number): ReportPeriod {
  const { year, month } = monthStart(epochMs);
  const from = new Date(Date.UTC(year, Math.floor(month / 3) * 3 - 3, 1));
  return parseQuarter(`${from.getUTCFullYear()}-Q${Math.floor(from.getUTCMonth() / 3) + 1}`);
}
