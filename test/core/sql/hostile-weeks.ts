import fc from 'fast-check';
import type { AuditRecord, TimeWindow } from '../../../functions/core/records/audit-record.js';
import { modelEvent, toAuditRecord } from '../../e2e/property/audit-week.js';

/** Generated hostile weeks, the same on every run (fixed seed); half put every record at one millisecond. */
export function hostileWeeks(week: TimeWindow, count = 30): AuditRecord[][] {
  const samples = fc.sample(fc.tuple(fc.array(modelEvent, { minLength: 1, maxLength: 40 }), fc.boolean()), {
    seed: 47,
    numRuns: count,
  });
  return samples.map(([events, tie]) =>
    events.map((e, i) =>
      toAuditRecord(
        e,
        `prop-${i}`,
        tie ? week.from + 1 : week.from + Math.floor(((i + 0.5) / events.length) * (week.to - week.from)),
      ),
    ),
  );
}
