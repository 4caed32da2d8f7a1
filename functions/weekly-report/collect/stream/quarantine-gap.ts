import { DAY_MS } from '../../../core/period/period.js';
import { formatInstant } from '../../../core/view/format.js';
import type { CollectionGap } from '../collection-progress.js';
import type { QuarantinedObject } from './stage-stream-records.js';

/** Everything an unreadable object could hold: events of its partition day and the late days before it. */
export function quarantineGap(
  q: QuarantinedObject,
  period: { from: number; to: number },
  lateDays: number,
): CollectionGap {
  const from = Math.max(period.from, q.day - lateDays * DAY_MS);
  const to = Math.min(period.to, q.day + DAY_MS);
  return {
    from,
    to: Math.max(from, to),
    reason:
      `stream object ${q.key}${q.versionId ? ` (version ${q.versionId})` : ''}, ${q.bytes} bytes, SHA-256 ${q.sha256}, ` +
      `could not be read (${q.reason}): quarantined where it lies; its events (partition of ${formatInstant(q.day).slice(0, 10)}) are not in the numbers`,
    fetched: 0,
  };
}
