import type { S3Client } from '@aws-sdk/client-s3';
import { DAY_MS, startOfIsoWeek, WEEK_MS } from '../../core/period/period.js';
import type { AuditRecord, TimeWindow } from '../../core/records/audit-record.js';
import { FIREHOSE_EVENTS_PREFIX } from '../../core/stream/stream-layout.js';
import { generateDemoWeek } from '../descope-api/demo-audit-data.js';
import { createDemoPopulation } from '../descope-api/demo-population.js';
import { type SeededStream, seedStreamObjects } from './seed-stream.js';

/**
 * The demo's events around `period` (two days either side), whenever it is: the demo weeks are
 * generated from their start alone, so a week months back has its events too (the stream keeps
 * what the search's 30 days forget).
 */
export function demoStreamRecords(period: TimeWindow, projectId: string): AuditRecord[] {
  const population = createDemoPopulation();
  const from = period.from - 2 * DAY_MS;
  const to = period.to + 2 * DAY_MS;
  const records: AuditRecord[] = [];
  for (let week = startOfIsoWeek(from); week < to; week += WEEK_MS) {
    for (const record of generateDemoWeek(week, projectId, population))
      if (record.occurred >= from && record.occurred < to) records.push(record);
  }
  return records;
}

/**
 * The demo stream in both AWS layouts: the EventBridge → Firehose path in the report bucket
 * (`stream/events/`, envelopes, gzipped NDJSON) and the S3 connector's own bucket (bare records,
 * JSON arrays); each with every 40th event delivered twice and every 9th object a day late.
 */
export async function seedDemoStream(
  s3: S3Client,
  buckets: { report: string; connector: string },
  records: readonly AuditRecord[],
  projectId: string,
): Promise<{ firehose: SeededStream; connector: SeededStream; prefix: string }> {
  const common = { projectId, batchRecords: 500, batchMs: 3_600_000, duplicateEvery: 40, lateEvery: 9 };
  const [firehose, connector] = await Promise.all([
    seedStreamObjects(s3, buckets.report, records, { ...common, layout: 'firehose' }),
    seedStreamObjects(s3, buckets.connector, records, { ...common, layout: 'connector' }),
  ]);
  return { firehose, connector, prefix: FIREHOSE_EVENTS_PREFIX };
}
