import { z } from 'zod';
import { CUSTOM_SQL_LIMITS, type SqlLimits } from './sql-limits.js';

/**
 * `sqlLimits` in the catalog: the limits each custom SQL statement runs under. Apart from
 * sql-limits.ts, which the DuckDB sandbox process imports: that process loads no zod.
 */
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
