import { schedulerCron, timeZone } from './setting-types.js';

/**
 * Deploy settings of the daily review (PCI DSS 10.4.1, docs/daily-review.md): a schedule that runs
 * the UTC day just ended. Each `.meta()` is its entry in the configuration reference.
 */
export const dailySettings = {
  dailyScheduleCron: schedulerCron()
    .optional()
    .meta({
      description:
        'When the daily review runs (EventBridge Scheduler cron, 6 fields, with or without `cron(...)`, read in `dailyScheduleTimezone`): each run reports the UTC day that ended before the scheduled time, stored under `days/<YYYY-MM-DD>/`, and mails a digest of the new findings only. Setting it adds the daily schedule and tells the function (`REPORT_DAILY_SCHEDULE`), so PCI DSS 10.4.1 can read "met".',
      examples: ['30 1 * * ? *'],
      unset: 'no daily schedule: days are run by hand (`--day`), and 10.4.1 reads not met',
    }),
  dailyScheduleTimezone: timeZone().default('UTC').meta({
    description:
      'IANA time zone `dailyScheduleCron` is read in. The day reported is always a UTC day: schedule it after 00:00 UTC (with a margin for Descope to index the last events).',
  }),
};
