import { createHash } from 'node:crypto';
import type { StreamBucket } from '../../../adapters/stream-bucket.js';
import type { TimeWindow } from '../../../core/records/audit-record.js';
import { describeError } from '../../../shared/errors.js';
import { type PartitionObject, readStreamObject, type StreamCollection } from './read-stream-object.js';
import { writeRun } from './sorted-runs.js';
import type { StagedRecord } from './staged-record.js';
import { addCounts, emptyCounts, type StagingCounts } from './staging-counts.js';

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
        const read = await readStreamObject(input, object);
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
