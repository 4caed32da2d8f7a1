import { z } from 'zod';

// What each child process reports on its last stdout line. The parent validates it like any other
// input, so a child that crashed half-way or printed something else fails with a clear message.

const memoryPeakSchema = z.object({
  startRssMb: z.number(),
  peakRssMb: z.number(),
  peakHeapMb: z.number(),
  liveHeapMb: z.number().nullable(),
  peakBuffersMb: z.number(),
});

const retainedHeapSchema = z.object({
  samples: z.number(),
  firstMb: z.number(),
  middleMb: z.number(),
  maxMb: z.number(),
  lastMb: z.number(),
});

const tableSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  /** Rows in the whole table when `rows` holds only the first (the job's tables; all are in its CSVs). */
  rowCount: z.number().optional(),
});

/** One collection (distinct filter) of the job: what it read. */
export const collectionFiguresSchema = z.object({
  id: z.string(),
  kept: z.number(),
  fetched: z.number(),
  expected: z.number(),
  duplicates: z.number(),
  gaps: z.number(),
});

/** The real job (`runWeeklyReport`) against the stand-in, s3rver and the SES stand-in. */
export const jobMeasurementSchema = z.object({
  requests: z.number(),
  retries: z.number(),
  rateLimitWaits: z.number(),
  collections: z.array(collectionFiguresSchema),
  complete: z.boolean(),
  emailStatus: z.string(),
  /** `runWeeklyReport` from call to return. */
  wallMs: z.number(),
  /** Time the collector awaited pages (limiter, HTTP, SDK parsing, record validation). */
  searchWaitMs: z.number(),
  /** User + system CPU of the job process over the run. */
  cpuMs: z.number(),
  memory: memoryPeakSchema,
  /** Only with `--retained-heap`: the heap after forced full collections during the run. */
  retainedHeap: retainedHeapSchema.nullable(),
  prefix: z.string(),
  /** Evidence object keys by collection ID. */
  evidenceKeys: z.array(z.string()),
  tables: z.record(z.string(), tableSchema),
  /** With tenant reports: tenant folders stored, and the tenants counted without one. */
  tenants: z.object({ reported: z.number(), notReported: z.number(), files: z.number() }).optional(),
});

/** The job's engine (the catalog's SQL in DuckDB) and renderers over the gzipped NDJSON evidence, in a fresh process. */
export const evidenceMeasurementSchema = z.object({
  records: z.number(),
  /** Awaiting records: file read, gunzip, line split, JSON parse and validation. */
  readMs: z.number(),
  /** `Aggregator.add` for every record. */
  aggregateMs: z.number(),
  /** `finish()`, HTML, CSV, summary and email rendering. */
  renderMs: z.number(),
  totalMs: z.number(),
  /** CPU over `totalMs`, every thread (gunzip runs on the thread pool). */
  cpuMs: z.number(),
  memory: memoryPeakSchema,
  tables: z.record(z.string(), tableSchema),
});

/** DuckDB over the same evidence file, in a fresh process. */
export const duckDbMeasurementSchema = z.object({
  records: z.number(),
  /** Instance and connection start. */
  openMs: z.number(),
  /** The one aggregate query, file read included. */
  queryMs: z.number(),
  /** CPU over the query, every thread (DuckDB runs one per core). */
  cpuMs: z.number(),
  memory: memoryPeakSchema,
  table: tableSchema,
});

export type CollectionFigures = z.output<typeof collectionFiguresSchema>;
export type JobMeasurement = z.output<typeof jobMeasurementSchema>;
export type EvidenceMeasurement = z.output<typeof evidenceMeasurementSchema>;
export type DuckDbMeasurement = z.output<typeof duckDbMeasurementSchema>;
export type MeasuredTable = z.output<typeof tableSchema>;
