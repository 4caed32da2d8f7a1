import { z } from 'zod';
import type { ReportStore } from '../../adapters/report-store.js';
import { ContinuationRefusedError } from '../../shared/errors.js';
import { replaceRecord } from '../publish/replace-record.js';
import { openRevisionWriter, type RevisionWriter } from '../publish/revision-writer.js';
import { engineStateSchema } from './engine-state.js';

const cursorSchema = z.object({
  cursor: z.number(),
  atCursor: z.array(z.string()),
  overlap: z.boolean(),
  newestFirst: z.boolean(),
  windowTotal: z.number().optional(),
  outside: z.array(z.string()),
});

const gapSchema = z.object({
  from: z.number(),
  to: z.number(),
  reason: z.string(),
  expected: z.number().optional(),
  fetched: z.number(),
});

/** A stored day a week drew on or checked: its sealed manifest and that manifest's SHA-256. */
const storedDaySchema = z.object({ day: z.string(), manifest: z.string(), sha256: z.string() });

const collectionStateSchema = z.object({
  id: z.string(),
  done: z.boolean(),
  resume: cursorSchema.optional(),
  outcome: z.object({
    expected: z.number(),
    fetched: z.number(),
    kept: z.number(),
    duplicates: z.number(),
    malformed: z.number(),
    gaps: z.array(gapSchema),
    uncounted: z.number(),
    pageSize: z.number(),
  }),
  /** Each part's size and SHA-256 as written: a part is read back only if it still matches. */
  parts: z.array(z.object({ name: z.string(), bytes: z.number(), sha256: z.string(), records: z.number() })),
});

const checkpointSchema = z.object({
  version: z.literal(2),
  runId: z.string(),
  period: z.object({ label: z.string(), from: z.number(), to: z.number() }),
  invocations: z.number().int().positive(),
  /** The revision of the period the parts are in (1, the period's folder, when absent). */
  revision: z.number().int().min(1).optional(),
  collections: z.array(collectionStateSchema),
  /** The engine chosen once collection was done, and its Athena executions (absent: not chosen yet). */
  engine: engineStateSchema.optional(),
  /**
   * What reading the audit stream found (`StreamCollectionFacts`), for the report of a later
   * invocation (one that continued while Athena computed). Written by the stream source only.
   */
  streamFacts: z.record(z.string(), z.unknown()).optional(),
  /** Whether a week was taken from its stored days (`StoredDaysStatement`), for a later invocation's report. */
  storedDays: z
    .discriminatedUnion('used', [
      z.object({
        used: z.literal(true),
        days: z.array(storedDaySchema),
      }),
      z.object({ used: z.literal(false), reason: z.string() }),
    ])
    .optional(),
  /** Whether a stream week's seven daily reviews stood (`DailyReviewsStatement`), for a later invocation's report. */
  dailyReviews: z
    .discriminatedUnion('verified', [
      z.object({ verified: z.literal(true), days: z.array(storedDaySchema) }),
      z.object({ verified: z.literal(false), reason: z.string() }),
    ])
    .optional(),
});

/** Collection progress of one run, saved after every part so a later invocation can carry on. */
export type Checkpoint = z.output<typeof checkpointSchema>;
export type CollectionState = z.output<typeof collectionStateSchema>;

export const checkpointKey = (prefix: string) => `${prefix}collection-state.json`;

export async function saveCheckpoint(
  store: ReportStore,
  prefix: string,
  checkpoint: Checkpoint,
): Promise<void> {
  await replaceRecord(store, checkpointKey(prefix), `${JSON.stringify(checkpoint)}\n`, 'application/json');
}

/** The checkpoint of run `runId`; refused when it is missing, malformed or belongs to another run. */
export async function loadCheckpoint(store: ReportStore, prefix: string, runId: string): Promise<Checkpoint> {
  const body = await store.get(checkpointKey(prefix));
  if (!body)
    throw new ContinuationRefusedError(
      `No collection checkpoint at ${checkpointKey(prefix)} to continue run ${runId}`,
    );
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = checkpointSchema.safeParse(json);
  if (!parsed.success)
    throw new ContinuationRefusedError(`The collection checkpoint at ${checkpointKey(prefix)} is malformed`);
  if (parsed.data.runId !== runId) {
    throw new ContinuationRefusedError(
      `The checkpoint at ${checkpointKey(prefix)} belongs to run ${parsed.data.runId}, not ${runId}: a newer run replaced it`,
    );
  }
  return parsed.data;
}

/** The content type evidence parts are stored with. */
export const EVIDENCE_CONTENT_TYPE = 'application/x-ndjson';

/**
 * The run's revision writer: a continuation goes on in its checkpoint's revision with the parts it
 * placed there; a new run starts in the period's newest revision.
 */
export function openRunRevision(
  store: ReportStore,
  periodPrefix: string,
  checkpoint: Checkpoint,
  resume: boolean,
): Promise<RevisionWriter> {
  const placed = checkpoint.collections.flatMap((c) =>
    c.parts.map((p) => ({
      name: p.name,
      bytes: p.bytes,
      sha256: p.sha256,
      contentType: EVIDENCE_CONTENT_TYPE,
    })),
  );
  return openRevisionWriter({
    store,
    periodPrefix,
    resume: resume ? { revision: checkpoint.revision ?? 1, placed } : undefined,
  });
}
