import { z } from 'zod';

/**
 * The limits one custom SQL statement runs under, in its own DuckDB process. DuckDB's
 * `memory_limit` covers only its buffer manager, so a statement building one huge value
 * (`repeat('x', 1500000000)`, `range(100000000)`) outgrows it: the process's resident memory is
 * bounded too, and the process is stopped past it.
 */
export interface SqlLimits {
  /** Wall time of one statement (its check, or its run) before the connection is interrupted. */
  timeMs: number;
  /** Resident memory of the statement's DuckDB process, in MB. */
  processMemoryMb: number;
  /** DuckDB `memory_limit`, in MB (it spills to disk beyond). */
  duckdbMemoryMb: number;
  /** DuckDB `max_temp_directory_size`, in MB: spilling beyond it fails the statement. */
  tempMb: number;
  /** DuckDB `threads`. */
  threads: number;
}

/**
 * The defaults: with the job's own memory (under 560 MB on a 3M-event week) the function stays
 * within its default 1,024 MB while a statement is stopped (BENCHMARKS.md, "Custom SQL limits").
 */
export const CUSTOM_SQL_LIMITS: SqlLimits = {
  timeMs: 60_000,
  processMemoryMb: 320,
  duckdbMemoryMb: 128,
  tempMb: 1024,
  threads: 1,
};

/** `sqlLimits` in the catalog: the limits each custom SQL statement runs under. */
export const sqlLimitsSchema = z
  .object({
    /** Seconds a statement may run before it is stopped. @default 60 */
    timeSeconds: z
      .number()
      .positive()
      .max(600)
      .default(CUSTOM_SQL_LIMITS.timeMs / 1000),
    /** Resident memory of the statement's DuckDB process, in MB, before it is stopped. @default 320 */
    memoryMb: z.number().int().min(96).default(CUSTOM_SQL_LIMITS.processMemoryMb),
    /** DuckDB's own memory limit in MB (beyond it DuckDB spills to disk). @default 128 */
    duckdbMemoryMb: z.number().int().min(16).default(CUSTOM_SQL_LIMITS.duckdbMemoryMb),
    /** Disk in MB DuckDB may spill to for one statement. @default 1024 */
    tempMb: z.number().int().min(1).default(CUSTOM_SQL_LIMITS.tempMb),
  })
  .strict()
  .refine((l) => l.duckdbMemoryMb < l.memoryMb, {
    message: 'duckdbMemoryMb must be below memoryMb (the process holds more than DuckDB counts)',
  })
  .transform(
    (l): SqlLimits => ({
      timeMs: l.timeSeconds * 1000,
      processMemoryMb: l.memoryMb,
      duckdbMemoryMb: l.duckdbMemoryMb,
      tempMb: l.tempMb,
      threads: CUSTOM_SQL_LIMITS.threads,
    }),
  );
