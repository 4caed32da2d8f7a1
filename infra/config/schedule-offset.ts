/** A cron expression moved later by some minutes, or why it cannot be. */
export type OffsetCron = { ok: true; cron: string } | { ok: false; reason: string };

const WHOLE = /^\d+$/;

/**
 * `cron` (EventBridge Scheduler fields: minutes hours day-of-month month day-of-week year) started
 * `minutes` later. Only a single start minute can be moved (a list, range or step in the minutes
 * field has no one minute to shift); the hour moves with it when the hours field is a single hour.
 * A shift past the hour (several hours) or past midnight (a single hour) would change which day
 * or hour runs, so it is refused instead of being silently wrapped.
 */
export function offsetCron(cron: string, minutes: number): OffsetCron {
  if (minutes === 0) return { ok: true, cron };
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, ...rest] = fields;
  if (minute === undefined || hour === undefined || !WHOLE.test(minute))
    return { ok: false, reason: `the schedule ${cron} has no single start minute to shift` };
  if (WHOLE.test(hour)) {
    const total = Number(hour) * 60 + Number(minute) + minutes;
    if (total >= 24 * 60)
      return { ok: false, reason: `it moves the schedule ${cron} past midnight, onto another day` };
    return { ok: true, cron: [String(total % 60), String(Math.floor(total / 60)), ...rest].join(' ') };
  }
  const moved = Number(minute) + minutes;
  if (moved >= 60)
    return { ok: false, reason: `it moves the schedule ${cron}, which runs at several hours, past the hour` };
  return { ok: true, cron: [String(moved), hour, ...rest].join(' ') };
}
