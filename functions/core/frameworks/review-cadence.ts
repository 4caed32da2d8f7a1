import type { CollectionSource } from '../report/collection-source.js';
import type { ReportData } from '../report/report-model.js';
import { REVIEW_FREQUENCIES, type ReviewFrequency } from './framework.js';

/** Whether a control's review frequency is met by this report, and in words why (or why not). */
export interface FrequencyStanding {
  /** `met`-style sentence, `not stated`, or why the schedule does not meet it. */
  frequency: string;
  frequencyMet: boolean;
}

const rank = (f: ReviewFrequency) => REVIEW_FREQUENCIES.indexOf(f);

const NOT_CHECKED = "the week's stored days were not checked";

/**
 * Why a week's seven daily reviews do not stand, or `undefined` when they do: a search week states
 * the days it was computed from, a stream week the days it checked (it reads the stream).
 */
function daysNotStanding(source: CollectionSource | undefined): string | undefined {
  if (source?.kind === 'stream')
    return !source.days ? NOT_CHECKED : source.days.verified ? undefined : source.days.reason;
  const days = source?.days;
  return !days ? NOT_CHECKED : days.used ? undefined : days.reason;
}

/**
 * Daily review (PCI DSS 10.4.1) rests on two facts, never on the report's cadence alone: the
 * deployment states a daily schedule (`REPORT_DAILY_SCHEDULE`, set by the stack with it), and the
 * period's days are stored. A day's report is itself that day's review; a week needs its seven
 * days stored and verified (a search week was then computed from them; a stream week checked
 * them). Anything else is not met, with the missing fact named.
 */
function dailyStanding(data: ReportData): FrequencyStanding {
  const schedule = data.compliance.deployment.dailySchedule;
  if (!schedule)
    return {
      frequency: 'daily: NOT met, no daily review schedule is configured (dailyScheduleCron)',
      frequencyMet: false,
    };
  const { period } = data;
  if (period.kind === 'day')
    return {
      frequency: `daily: met, this is the daily review of ${period.label} (schedule ${schedule})`,
      frequencyMet: true,
    };
  if (period.kind !== 'iso-week')
    return {
      frequency: `daily: NOT met by this report, a ${data.rollup ? 'rollup' : 'range'}; the day reports of ${period.label} are the daily reviews`,
      frequencyMet: false,
    };
  const why = daysNotStanding(data.source);
  if (why === undefined)
    return {
      frequency: `daily: met, the week's seven daily reviews are stored and verified (schedule ${schedule})`,
      frequencyMet: true,
    };
  return {
    frequency: `daily: NOT met, the schedule ${schedule} is configured but not every day of the week is stored and verified (${why})`,
    frequencyMet: false,
  };
}

/**
 * How `required` stands in `data`: daily review by its own evidence (above); any other frequency
 * against how often reports are produced (a day's report is daily, otherwise the deployment's cadence).
 */
export function reviewStanding(data: ReportData, required: ReviewFrequency | undefined): FrequencyStanding {
  if (!required) return { frequency: 'not stated', frequencyMet: true };
  if (required === 'daily') return dailyStanding(data);
  const cadence: ReviewFrequency = data.period.kind === 'day' ? 'daily' : data.compliance.deployment.cadence;
  return rank(required) >= rank(cadence)
    ? { frequency: `${required}: met by ${cadence} reports`, frequencyMet: true }
    : { frequency: `${required}: NOT met, reports are ${cadence}`, frequencyMet: false };
}
