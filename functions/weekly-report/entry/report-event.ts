import { z } from 'zod';
import {
  customPeriod,
  parseIsoWeek,
  periodProblem,
  previousCompleteDay,
  previousCompleteWeek,
  type ReportPeriod,
} from '../../core/period/period.js';
import { previousCompleteMonth, previousCompleteQuarter } from '../../core/period/rollup-period.js';
import { ConfigError } from '../../shared/errors.js';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time');

/**
 * What may invoke the function: EventBridge Scheduler's `{ scheduledTime }` (the week), its
 * `{ period: "day", scheduledTime }` (the daily review), a classic EventBridge scheduled event
 * (`time`), or a manual run naming a week or a range.
 */
const manualWeek = z.object({ week: z.string(), resend: z.boolean().default(false) }).strict();
const manualRange = z.object({ from: isoTime, to: isoTime, resend: z.boolean().default(false) }).strict();
const schedulerInput = z.object({ scheduledTime: isoTime }).loose();
const continuation = z
  .object({
    continuation: z
      .object({
        runId: z.string().min(1).max(200),
        period: z.object({
          label: z.string().min(1).max(100),
          from: z.number().int(),
          to: z.number().int(),
          kind: z.enum(['iso-week', 'day', 'custom']),
        }),
        resend: z.boolean(),
        invocation: z.number().int().min(2).max(10_000),
      })
      .strict(),
  })
  .strict();
/** Scheduled times (epoch ms, either sign) whose day before still has a date: `Date` holds ±8.64e15. */
const SCHEDULED_TIME_LIMIT = 8.64e15 - 2 * 86_400_000;
/** The daily review's schedule: only the scheduled time, from which the day is derived. */
const daySchedule = z.object({ period: z.literal('day'), scheduledTime: isoTime }).strict();
const rollupSchedule = z.object({ rollup: z.enum(['month', 'quarter']), scheduledTime: isoTime }).strict();
const scheduledEvent = z.object({ 'detail-type': z.literal('Scheduled Event'), time: isoTime }).loose();

export interface ReportRequest {
  period: ReportPeriod;
  resend: boolean;
  /** Where the period came from, for logs. */
  trigger: 'schedule' | 'manual' | 'continuation';
  /** A month or quarter built from the stored weeks (its own schedule and recipients). */
  rollup?: 'month' | 'quarter';
  /** Set when this invocation continues a paused run. */
  continuation?: { runId: string; invocation: number };
}

/** The payload a paused run hands to the invocation that continues it. */
export function continuationPayload(
  period: ReportPeriod,
  resend: boolean,
  runId: string,
  invocation: number,
) {
  return { continuation: { runId, period, resend, invocation } };
}

/**
 * The period a run reports. A scheduled run reports the last complete ISO week before the
 * schedule's time (not the invocation's), so a retried or delayed delivery reports the same week.
 */
export function parseReportEvent(event: unknown): ReportRequest {
  const next = continuation.safeParse(event);
  if (next.success) {
    const { runId, period, resend, invocation } = next.data.continuation;
    // Checked before anything is sized from it (a forged `to` must not allocate years of days);
    // the use case then requires the stored checkpoint to agree with every field.
    const problem = periodProblem(period);
    if (problem) throw new ConfigError(`Continuation refused: continuation.period: ${problem}`);
    return { period, resend, trigger: 'continuation', continuation: { runId, invocation } };
  }
  // Before the weekly schedule's payload, which also carries `scheduledTime`.
  const day = daySchedule.safeParse(event);
  if (day.success) {
    // The UTC day that ended before the schedule's time: a retry or a replay reports the same day.
    // Checked before a day is derived from it: the day before the first instant `Date` holds has no label.
    const at = Date.parse(day.data.scheduledTime);
    if (!(Math.abs(at) <= SCHEDULED_TIME_LIMIT))
      throw new ConfigError('Daily schedule refused: scheduledTime is outside the dates a report can hold');
    return { period: previousCompleteDay(at), resend: false, trigger: 'schedule' };
  }
  // Anything else naming a period is refused, never read as the weekly schedule's loose payload.
  if (typeof event === 'object' && event !== null && Object.hasOwn(event, 'period'))
    throw new ConfigError(
      'Daily schedule refused: expected exactly {"period":"day","scheduledTime":ISO} (no other key)',
    );
  const rollup = rollupSchedule.safeParse(event);
  if (rollup.success) {
    const at = Date.parse(rollup.data.scheduledTime);
    const period = rollup.data.rollup === 'month' ? previousCompleteMonth(at) : previousCompleteQuarter(at);
    return { period, resend: false, trigger: 'schedule', rollup: rollup.data.rollup };
  }
  const week = manualWeek.safeParse(event);
  if (week.success)
    return { period: parseIsoWeek(week.data.week), resend: week.data.resend, trigger: 'manual' };
  const range = manualRange.safeParse(event);
  if (range.success) {
    return {
      period: customPeriod(range.data.from, range.data.to),
      resend: range.data.resend,
      trigger: 'manual',
    };
  }
  const scheduler = schedulerInput.safeParse(event);
  const classic = scheduledEvent.safeParse(event);
  const time = scheduler.success
    ? scheduler.data.scheduledTime
    : classic.success
      ? classic.data.time
      : undefined;
  if (time === undefined) {
    throw new ConfigError(
      'Unrecognised invocation payload: expected {"week":"YYYY-Www"}, {"from":ISO,"to":ISO}, ' +
        '{"scheduledTime":ISO} or an EventBridge scheduled event',
    );
  }
  return { period: previousCompleteWeek(Date.parse(time)), resend: false, trigger: 'schedule' };
}
