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
