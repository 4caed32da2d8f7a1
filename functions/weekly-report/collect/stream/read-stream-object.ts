import { toAuditRecord } from '../../../adapters/audit-record-schema.js';
import { DAY_MS } from '../../../core/period/period.js';
import type { AuditRecord, TimeWindow } from '../../../core/records/audit-record.js';
import { formatEvidenceLine } from '../../../core/records/evidence-line.js';
import { recordKey } from '../../../core/records/record-key.js';
import { looksMasked } from '../../../core/stream/pii-masking.js';
import { unwrapStreamEvent } from '../../../core/stream/stream-event.js';
import { readStreamValues } from './decode-stream-object.js';
import type { StageStreamInput } from './stage-stream-records.js';
import type { StagedRecord } from './staged-record.js';
import { emptyCounts, shapeKey } from './staging-counts.js';

/** One stream object to read, and the UTC day its partition names. */
export interface PartitionObject {
  key: string;
  bytes: number;
  day: number;
}

/** One collection's share of the stream: the records it keeps, in its own window. */
export interface StreamCollection {
  window: TimeWindow;
  keeps: (record: AuditRecord) => boolean;
}

/** One object's records, all or none: a value that is not JSON anywhere in it rejects the whole object. */
export async function readStreamObject(
  input: Pick<StageStreamInput, 'bucket' | 'collections' | 'counted'>,
  object: PartitionObject,
) {
  const counts = emptyCounts();
  counts.objects = 1;
  const staged: StagedRecord[] = [];
  const from = Math.min(...input.collections.map((c) => c.window.from));
  const to = Math.max(...input.collections.map((c) => c.window.to));
  const { body } = await input.bucket.open(object.key);
  for await (const value of readStreamValues(body)) {
    counts.values += 1;
    const unwrapped = unwrapStreamEvent(value);
    const record = unwrapped ? toAuditRecord(unwrapped.candidate) : undefined;
    if (!unwrapped || !record) {
      counts.malformed += 1;
      continue;
    }
    const key = shapeKey(unwrapped.shape);
    const shape = counts.shapes.get(key);
    if (shape) shape.records += 1;
    else counts.shapes.set(key, { shape: unwrapped.shape, records: 1 });
    if (record.occurred < from || record.occurred >= to) {
      counts.outside += 1;
      continue;
    }
    let mask = 0;
    input.collections.forEach((c, i) => {
      if (record.occurred >= c.window.from && record.occurred < c.window.to && c.keeps(record))
        mask += 2 ** i;
    });
    const counted =
      record.occurred >= input.counted.window.from &&
      record.occurred < input.counted.window.to &&
      (input.counted.actions === undefined || input.counted.actions.has(record.action));
    if (mask === 0 && !counted) {
      counts.unwanted += 1;
      continue;
    }
    if (mask === 0) {
      // Counted only: its identity and time for de-duplication, no evidence line.
      staged.push({
        occurred: record.occurred,
        key: recordKey(record),
        collections: 0,
        action: record.action,
        line: '',
      });
      continue;
    }
    if (Math.floor(record.occurred / DAY_MS) * DAY_MS < object.day) counts.late += 1;
    if (record.loginIds.length > 0) {
      counts.withLoginIds += 1;
      if (record.loginIds.some(looksMasked)) counts.maskedLoginIds += 1;
    }
    const line = formatEvidenceLine(record);
    staged.push({
      occurred: record.occurred,
      key: recordKey(record),
      collections: mask,
      action: record.action,
      line: line.slice(0, -1),
    });
  }
  return { counts, staged };
}
