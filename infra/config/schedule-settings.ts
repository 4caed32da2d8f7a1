import {
  DEFAULT_MONTHLY_CRON,
  DEFAULT_QUARTERLY_CRON,
  DEFAULT_SCHEDULE_CRON,
  DEFAULT_SCHEDULE_TIMEZONE,
} from './defaults.js';
import { recipientList, schedulerCron, timeZone } from './setting-types.js';

/**
 * Deploy settings of the weekly schedule and the monthly and quarterly rollups (each added by its
 * recipients). Each `.meta()` is its entry in the configuration reference.
 */
export const scheduleSettings = {
  scheduleCron: schedulerCron().default(DEFAULT_SCHEDULE_CRON).meta({
    description:
      'When the weekly report runs (Mondays 06:00 by default): EventBridge Scheduler cron, 6 fields, with or without `cron(...)`.',
  }),
  scheduleTimezone: timeZone()
    .default(DEFAULT_SCHEDULE_TIMEZONE)
    .meta({ description: 'IANA time zone `scheduleCron` is read in (daylight saving is followed).' }),
  monthlyReportRecipients: recipientList().optional().meta({
    description:
      'Who receives the monthly report, built from the stored weeks (no Descope request). Setting it adds the monthly schedule.',
    unset: 'no monthly report',
  }),
  monthlyReportCron: schedulerCron().default(DEFAULT_MONTHLY_CRON).meta({
    description:
      'When the monthly report runs (the 2nd, 08:00 by default), reporting the month just ended; read in `scheduleTimezone`.',
  }),
  quarterlyReportRecipients: recipientList().optional().meta({
    description:
      'Who receives the quarterly report, built from the stored weeks (no Descope request). Setting it adds the quarterly schedule.',
    unset: 'no quarterly report',
  }),
  quarterlyReportCron: schedulerCron().default(DEFAULT_QUARTERLY_CRON).meta({
    description:
      'When the quarterly report runs (2 January, April, July and October, 08:00 by default), reporting the quarter just ended; read in `scheduleTimezone`.',
  }),
};
