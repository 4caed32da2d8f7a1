import type { ReportPeriod } from './period.js';

/** A period as a JSON document states it: its label and its bounds as ISO 8601 UTC times. */
export interface PeriodStamp {
  label: string;
  from: string;
  to: string;
}

/** The period's {@link PeriodStamp}. */
export const periodStamp = (period: ReportPeriod): PeriodStamp => ({
  label: period.label,
  from: new Date(period.from).toISOString(),
  to: new Date(period.to).toISOString(),
});
