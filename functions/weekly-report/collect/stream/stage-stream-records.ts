import { createHash } from 'node:crypto';
import { toAuditRecord } from '../../../adapters/audit-record-schema.js';
import type { StreamBucket } from '../../../adapters/stream-bucket.js';
import { DAY_MS } from '../../../core/period/period.js';
import type { AuditRecord, TimeWindow } from '../../../core/records/audit-record.js';
import { formatEvidenceLine } from '../../../core/records/evidence-line.js';
import { recordKey } from '../../../core/records/record-key.js';
import { looksMasked } from '../../../core/stream/pii-masking.js';
import { type StreamEventShape, unwrapStreamEvent } from '../../../core/stream/stream-event.js';
import { describeError } from '../../../shared/errors.js';
import { readStreamValues } from './decode-stream-object.js';
import { writeRun } from './sorted-runs.js';
import type { StagedRecord } from './staged-record.js';

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

/** An object that could not be read: named and hashed where it lies (the job never moves it). */
export interface QuarantinedObject {
  key: string;
  versionId?: string;
  bytes: number;
  sha256: string;
  reason: string;
  /** The partition day it was found in. */
  day: number;
}

/** What reading the objects saw, before de-duplication. */
export interface StagingCounts {
  objects: number;
  /** JSON values read (records, malformed ones, copies, records of other days). */
  values: number;
  malformed: number;
  /** Records outside every collection's window (the partitions before and after the period). */
  outside: number;
  /** Records no collection keeps (other actions). */
  unwanted: number;
  /** Records found in a later day's partition than their own. */
  late: number;
  /** Records with login IDs, and of those the ones whose login IDs look masked. */
  withLoginIds: number;
  maskedLoginIds: number;
  /** Shape (see `shapeKey`) → records. */
  shapes: Map<string, { shape: StreamEventShape; records: number }>;
}

export interface StagedStream {
  runs: string[];
  counts: StagingCounts;
  quarantined: QuarantinedObject[];
}

export interface StageStreamInput {
  bucket: StreamBucket;
  objects: readonly PartitionObject[];
  collections: readonly StreamCollection[];
  /**
   * Records of these actions in this window are counted even when no collection keeps them (the
   * completeness check compares whole actions with Descope's counts); `undefined` actions: all.
   */
  counted: { window: TimeWindow; actions: ReadonlySet<string> | undefined };
  /** Where run files go (removed by the caller). */
  directory: string;
  /** Records sorted in memory per run (about 1 KB of heap each). @default 50000 */
  runRecords?: number;
  /** Objects read at once (their requests overlap; parsing does not). @default 4 */
  concurrency?: number;
}

const emptyCounts = (): StagingCounts => ({
  objects: 0,
  values: 0,
  malformed: 0,
  outside: 0,
  unwanted: 0,
  late: 0,
  withLoginIds: 0,
  maskedLoginIds: 0,
  shapes: new Map(),
});

const shapeKey = (s: StreamEventShape) =>
  `${s.envelope ? 'E' : 'B'}:${s.idField}:${s.loginIdsField}:${s.occurred}`;

function addCounts(into: StagingCounts, from: StagingCounts): void {
  for (const field of [
    'objects',
    'values',
    'malformed',
    'outside',
    'unwanted',
    'late',
    'withLoginIds',
    'maskedLoginIds',
  ] as const)
    into[field] += from[field];
  for (const [key, value] of from.shapes) {
    const held = into.shapes.get(key);
    if (held) held.records += value.records;
    else into.shapes.set(key, { ...value });
  }
}

/** One object's records, all or none: a value that is not JSON anywhere in it rejects the whole object. */
async function readObject(input: StageStreamInput, object: PartitionObject) {
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

/** The object's size, SHA-256 and version as stored (read again: the failed read may have stopped early). */
async function fingerprint(bucket: StreamBucket, key: string) {
  const { body, versionId } = await bucket.open(key);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body) {
    hash.update(chunk as Uint8Array);
    bytes += (chunk as Uint8Array).length;
  }
  return { bytes, sha256: hash.digest('hex'), versionId };
}

/**
 * Reads every object (a few at once), normalises each event through the search path's record
 * parser, keeps what some collection wants and writes sorted runs of them to local disk. An object
 * that is not readable JSON contributes nothing and is quarantined (named, hashed, its version
 * kept); an error listing or opening the bucket itself propagates.
 */
export async function stageStreamRecords(input: StageStreamInput): Promise<StagedStream> {
  const runRecords = input.runRecords ?? 50_000;
  const counts = emptyCounts();
  const quarantined: QuarantinedObject[] = [];
  const runs: string[] = [];
  let buffer: StagedRecord[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const records = buffer;
    buffer = [];
    const n = runs.length;
    runs.push('');
    await flushing;
    flushing = writeRun(records, input.directory, n).then((path) => {
      runs[n] = path;
    });
    await flushing;
  };
  let next = 0;
  const worker = async () => {
    while (next < input.objects.length) {
      const object = input.objects[next] as PartitionObject;
      next += 1;
      try {
        const read = await readObject(input, object);
        addCounts(counts, read.counts);
        for (const record of read.staged) buffer.push(record);
      } catch (error) {
        if (!(error instanceof SyntaxError || isDecodeError(error))) throw error;
        counts.objects += 1;
        const stored = await fingerprint(input.bucket, object.key);
        quarantined.push({ key: object.key, ...stored, reason: describeError(error), day: object.day });
      }
      if (buffer.length >= runRecords) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 4) }, worker));
  if (buffer.length > 0) await flush();
  await flushing;
  quarantined.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { runs, counts, quarantined };
}

/** zlib's errors for bytes that are not gzip after all (a truncated or corrupt object). */
function isDecodeError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
