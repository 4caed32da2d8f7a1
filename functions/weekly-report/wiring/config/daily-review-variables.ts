import { flag } from './environment-values.js';

/** The daily review (`--day`). */
export const dailyReviewVariables = {
  REPORT_DAILY_EMAIL_WHEN_QUIET: flag(false).meta({
    description:
      "Daily review (`--day`): mail a day's report even when it has no new finding since the day before; otherwise such a day is stored and signed but mails nobody.",
  }),
};
