import { toAuditRecord } from '../adapters/audit-record-schema.js';
import type { StreamBucket, StreamObject } from '../adapters/stream-bucket.js';
import { DAY_MS } from '../core/period/period.js';
import { recordKey } from '../core/records/record-key.js';
import { isMaskedStream, looksMasked } from '../core/stream/pii-masking.js';
import { describeShape, unwrapStreamEvent } from '../core/stream/stream-event.js';
import { dayPrefix, discoverLayout } from '../core/stream/stream-layout.js';
import { describeError } from '../shared/errors.js';
import { readStreamValues } from '../weekly-report/collect/stream/decode-stream-object.js';
import { DISCOVERY_SAMPLE } from '../weekly-report/collect/stream/stream-partitions.js';
import { type DoctorLine, printable } from './doctor-line.js';

export interface StreamProbeSettings {
  projectId: string;
  pattern?: string;
  discoverUnder: string;
  masked?: boolean;
  now: number;
  /** Days of partitions looked through for the newest object. @default 7 */
  recentDays?: number;
  /** Newest objects read for shapes, masking and duplicates. @default 5 */
  sampleObjects?: number;
  /** An object older than this is a warning: the connector may have stopped. @default 6 */
  staleHours?: number;
}

const hours = (ms: number) =>
  ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`;

/**
 * The audit stream as a weekly run will read it: the keys under its prefix and the layout they
 * follow, the newest object and its age, then a few of the newest objects read for the record shapes
 * they hold, masking and duplicates. A bucket that cannot be listed, or holds no stream, fails.
 */
export async function probeStream(bucket: StreamBucket, s: StreamProbeSettings): Promise<DoctorLine[]> {
  let sample: StreamObject[];
  try {
    sample = await bucket.list(s.discoverUnder, DISCOVERY_SAMPLE);
  } catch (error) {
    return [{ status: 'fail', text: `Audit stream: ${describeError(error)}` }];
  }
  const where = `${bucket.location}${s.discoverUnder}`;
  const found = discoverLayout(
    sample.map((o) => o.key),
    s.projectId,
  );
  if (!found && !s.pattern) {
    return [
      {
        status: 'fail',
        text:
          sample.length === 0
            ? `Audit stream: no objects under ${where}`
            : `Audit stream: no date in the keys under ${where}`,
        detail:
          sample.length === 0
            ? ['is the connector delivering there? (STREAM_BUCKET, STREAM_PREFIX)']
            : [
                `e.g. ${printable(sample[0]?.key ?? '')}; set STREAM_KEY_PATTERN, e.g. {projectId}/{yyyy}/{mm}/{dd}/`,
              ],
      },
    ];
  }
  const pattern = s.pattern ?? found?.pattern ?? '';
  const lines: DoctorLine[] = [
    {
      status: found && s.pattern && found.pattern !== s.pattern ? 'warn' : 'ok',
      text: `Audit stream at ${where}: ${sample.length} key(s) listed; layout ${s.pattern ? `${s.pattern} (STREAM_KEY_PATTERN)` : `${pattern} (discovered)`}`,
      detail: [
        ...(found ? [`${found.matching} key(s) follow ${found.pattern}`] : []),
        ...(found && s.pattern && found.pattern !== s.pattern
          ? [`but STREAM_KEY_PATTERN says ${s.pattern}: the run reads that one`]
          : []),
        ...(found?.others.length
          ? [`${found.others.length} key(s) outside it, e.g. ${printable(found.others[0] ?? '')}`]
          : []),
      ],
    },
  ];

  const recent: StreamObject[] = [];
  const today = Math.floor(s.now / DAY_MS) * DAY_MS;
  for (let day = today; day > today - (s.recentDays ?? 7) * DAY_MS && recent.length === 0; day -= DAY_MS) {
    recent.push(...(await bucket.list(dayPrefix(pattern, s.projectId, day))));
  }
  if (recent.length === 0) {
    lines.push({
      status: 'fail',
      text: `Audit stream: no object in the last ${s.recentDays ?? 7} days' partitions`,
      detail: ['a weekly run would report no events: check the connector in the Descope console'],
    });
    return lines;
  }
  recent.sort((a, b) => b.lastModified - a.lastModified || (a.key < b.key ? 1 : -1));
  const newest = recent[0] as StreamObject;
  const age = s.now - newest.lastModified;
  lines.push({
    status: age > (s.staleHours ?? 6) * 3_600_000 ? 'warn' : 'ok',
    text: `Newest stream object: ${printable(newest.key)}, ${hours(age)} old`,
  });
  lines.push(await sampleRecords(bucket, recent.slice(0, s.sampleObjects ?? 5), s.masked));
  return lines;
}

async function sampleRecords(
  bucket: StreamBucket,
  objects: StreamObject[],
  masked?: boolean,
): Promise<DoctorLine> {
  const shapes = new Map<string, number>();
  const keys = new Set<string>();
  let records = 0;
  let malformed = 0;
  let duplicates = 0;
  let withLoginIds = 0;
  let maskedLoginIds = 0;
  const unreadable: string[] = [];
  for (const object of objects) {
    try {
      const { body } = await bucket.open(object.key);
      for await (const value of readStreamValues(body)) {
        const unwrapped = unwrapStreamEvent(value);
        const record = unwrapped ? toAuditRecord(unwrapped.candidate) : undefined;
        if (!unwrapped || !record) {
          malformed += 1;
          continue;
        }
        records += 1;
        const shape = describeShape(unwrapped.shape);
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
        const key = recordKey(record);
        if (keys.has(key)) duplicates += 1;
        keys.add(key);
        if (record.loginIds.length > 0) {
          withLoginIds += 1;
          if (record.loginIds.some(looksMasked)) maskedLoginIds += 1;
        }
      }
    } catch (error) {
      unreadable.push(`${printable(object.key)}: ${describeError(error)}`);
    }
  }
  const isMasked = isMaskedStream(withLoginIds, maskedLoginIds, masked);
  const rate = records === 0 ? 0 : (duplicates / records) * 100;
  return {
    status: unreadable.length > 0 || records === 0 ? 'warn' : 'ok',
    text: `Sampled the ${objects.length} newest object(s): ${records} record(s), ${duplicates} duplicate(s) (${rate.toFixed(1)}%), ${malformed} not audit records`,
    detail: [
      ...[...shapes].map(([shape, n]) => `shape: ${shape} (${n})`),
      isMasked
        ? `masking: login IDs are masked (mask_pii${masked === undefined ? ', told from the IDs seen' : ''}): distinct login-ID counts will be marked not computable`
        : 'masking: login IDs are not masked',
      ...unreadable.map((u) => `unreadable (a run quarantines it): ${u}`),
    ],
  };
}
