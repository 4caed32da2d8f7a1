import type { StreamBucket } from '../../../adapters/stream-bucket.js';
import type { TimeWindow } from '../../../core/records/audit-record.js';
import {
  dayPrefix,
  discoverLayout,
  layoutProblem,
  partitionDays,
} from '../../../core/stream/stream-layout.js';
import { ConfigError, StreamSourceError } from '../../../shared/errors.js';
import type { PartitionObject } from './read-stream-object.js';

/** Keys listed to discover a layout. */
export const DISCOVERY_SAMPLE = 1000;

/** The key layout to read: configured, else the one most keys under `discoverUnder` follow. */
export async function resolveLayout(
  bucket: StreamBucket,
  settings: { pattern?: string; discoverUnder?: string; projectId: string },
): Promise<{ pattern: string; from: 'configured' | 'discovered' }> {
  if (settings.pattern !== undefined) {
    const problem = layoutProblem(settings.pattern);
    if (problem) throw new ConfigError(`STREAM_KEY_PATTERN ${problem} (got "${settings.pattern}")`);
    return { pattern: settings.pattern, from: 'configured' };
  }
  const under = settings.discoverUnder ?? '';
  const sample = await bucket.list(under, DISCOVERY_SAMPLE);
  const found = discoverLayout(
    sample.map((o) => o.key),
    settings.projectId,
  );
  if (!found) {
    throw new StreamSourceError(
      sample.length === 0
        ? `No audit stream objects under ${bucket.location}${under}: is the connector delivering there? (STREAM_BUCKET, STREAM_PREFIX)`
        : `No date in the keys under ${bucket.location}${under} (e.g. ${sample[0]?.key}): set STREAM_KEY_PATTERN, e.g. "{projectId}/{yyyy}/{mm}/{dd}/"`,
    );
  }
  return { pattern: found.pattern, from: 'discovered' };
}

/** Every object of the partitions that can hold `window`, in key order. */
export async function listPartitions(
  bucket: StreamBucket,
  pattern: string,
  projectId: string,
  window: TimeWindow,
  lateDays: number,
): Promise<{ objects: PartitionObject[]; days: number }> {
  const days = partitionDays(window, lateDays);
  const objects: PartitionObject[] = [];
  for (const day of days) {
    for (const o of await bucket.list(dayPrefix(pattern, projectId, day)))
      objects.push({ key: o.key, bytes: o.bytes, day });
  }
  return { objects, days: days.length };
}
