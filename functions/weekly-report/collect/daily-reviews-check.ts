import type { DailyReviewsStatement } from '../../core/report/collection-source.js';
import { readStoredDays } from '../history/read-stored-days.js';
import type { EvidenceSource } from './evidence-source.js';
import type { StoredDaysSettings } from './stored-days-source.js';

/**
 * The audit stream as a week's source, checking the week's seven daily reviews (PCI DSS 10.4.1):
 * each day's newest sealed revision stored, its manifest signed by the run's key and stating this
 * project and day, its `summary.json` listed in it and complete. The stream stays the source of the
 * week's records (it holds what the days hold and the stream-only queries, with no rate limit to
 * spare), so no day's evidence is read; the report states which days stood and, if not, why.
 * Checked once at a run's start, kept in the checkpoint for a later invocation's report.
 */
export function checkingDailyReviews(stream: EvidenceSource, settings: StoredDaysSettings): EvidenceSource {
  let statement: DailyReviewsStatement | undefined;
  return {
    kind: stream.kind,
    retentionDays: stream.retentionDays,
    async collect(request) {
      if (request.period.kind === 'iso-week' && request.checkpoint.collections.length === 0) {
        const read = await readStoredDays({
          ...settings,
          week: request.period,
          plans: [],
          purpose: 'review',
          everyDay: true,
          checkParts: false,
        });
        statement = read.ok
          ? {
              verified: true,
              days: read.days.map(({ day, manifest, sha256 }) => ({ day, manifest, sha256 })),
            }
          : { verified: false, reason: read.reason };
        // Saved with the stream's own checkpoint, once it has read the stream.
        request.checkpoint.dailyReviews = statement;
      }
      return stream.collect(request);
    },
    describe(checkpoint) {
      const described = stream.describe(checkpoint);
      const stated = statement ?? checkpoint.dailyReviews;
      if (described.kind !== 'stream' || !stated) return described;
      return { ...described, days: stated };
    },
  };
}
