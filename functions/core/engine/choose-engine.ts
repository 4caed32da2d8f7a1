/*
 * Which engine computes a week. DuckDB in the function is exact and cheap up to what one function
 * reads and computes within its memory and 15 minutes; past that the same catalog runs on Athena
 * (core/sql/trino/). The choice is made from the period's size before any table is computed.
 */

/** The deploy setting. */
export type EngineSetting = 'auto' | 'duckdb' | 'athena';
/** The engine that computed a week. */
export type ComputeEngine = 'duckdb' | 'athena';

/**
 * Stream bytes (gzip, as landed) above which `auto` chooses Athena: about ten million events at the
 * 35.5 bytes an event `npm run bench:stream` measured gzipped (BENCHMARKS.md, "Where the DuckDB
 * path stops"); real events are larger, so the threshold is reached at fewer of them — the safe side.
 */
export const DEFAULT_ATHENA_THRESHOLD_BYTES = 350_000_000;
/** Bytes one Athena statement may scan by default (100 GB, $0.50 at $5/TB). */
export const DEFAULT_ATHENA_BYTES_CUTOFF = 100_000_000_000;
/** Athena's published price, US dollars per terabyte scanned (10 MB minimum a statement). */
export const ATHENA_USD_PER_TB = 5;
const MINIMUM_BILLED_BYTES = 10_000_000;

/** The period's size as the job can tell it before computing. */
export interface WeekSizeEstimate {
  /** Bytes of the stream objects in the period's day partitions (what Athena scans). */
  streamBytes?: number;
  /** Records collected, when the week was collected (the search, or the stream read). */
  records?: number;
}

/** The engine chosen and why, in words the report shows. */
export interface EngineChoice {
  engine: ComputeEngine;
  reason: string;
}

/** Chooses the engine for a week; `athena` and `auto` need the stream (Athena reads it). */
export function chooseEngine(
  setting: EngineSetting,
  estimate: WeekSizeEstimate,
  thresholdBytes: number,
  source: 'search' | 'stream',
): EngineChoice {
  if (setting === 'duckdb') return { engine: 'duckdb', reason: 'engine is set to duckdb' };
  if (source !== 'stream')
    return {
      engine: 'duckdb',
      reason: 'the records come from the audit search; Athena reads the stream only',
    };
  if (setting === 'athena') return { engine: 'athena', reason: 'engine is set to athena' };
  const bytes = estimate.streamBytes;
  if (bytes === undefined) return { engine: 'duckdb', reason: 'the stream objects could not be sized' };
  return bytes > thresholdBytes
    ? {
        engine: 'athena',
        reason: `${bytes} bytes of stream objects, above the threshold of ${thresholdBytes}`,
      }
    : {
        engine: 'duckdb',
        reason: `${bytes} bytes of stream objects, within the threshold of ${thresholdBytes}`,
      };
}

/** What Athena bills for statements scanning `bytes` each, in US dollars. */
export function athenaCostUsd(bytesPerStatement: readonly number[]): number {
  const billed = bytesPerStatement.reduce((sum, b) => sum + Math.max(MINIMUM_BILLED_BYTES, b), 0);
  return (billed / 1e12) * ATHENA_USD_PER_TB;
}
