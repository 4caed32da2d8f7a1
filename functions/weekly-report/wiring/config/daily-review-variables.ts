import { z } from 'zod';
import { flag } from './environment-values.js';

/** `cron(<6 fields>) <IANA zone>`, as the stack writes the daily schedule. */
const DAILY_SCHEDULE = /^cron\(([^()]+)\) ([A-Za-z0-9_+/-]{1,64})$/;

/** The daily review (`--day`). */
export const dailyReviewVariables = {
  REPORT_DAILY_EMAIL_WHEN_QUIET: flag(false).meta({
    description:
      "Daily review (`--day`): mail a day's report even when it has no new finding since the day before; otherwise such a day is stored and signed but mails nobody.",
  }),
  REPORT_DAILY_SCHEDULE: z
    .string()
    .trim()
    .regex(DAILY_SCHEDULE, 'must be "cron(<6 fields>) <time zone>", e.g. "cron(30 1 * * ? *) UTC"')
    .optional()
    .meta({
      description:
        'The daily review schedule the deployment runs (`dailyScheduleCron` in `dailyScheduleTimezone`); the stack sets it with the schedule. Reports state it as the evidence that PCI DSS 10.4.1 (daily review) is scheduled; a week also needs its seven stored days.',
      examples: ['cron(30 1 * * ? *) UTC'],
      unset: 'no daily schedule is stated: the daily-review control reads not met',
    }),
};

/** The value of `REPORT_DAILY_SCHEDULE` for a cron and its time zone. */
export const dailyScheduleText = (cron: string, timeZone: string) => `cron(${cron}) ${timeZone}`;
