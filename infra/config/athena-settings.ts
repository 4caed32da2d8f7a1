import { z } from 'zod';
import {
  DEFAULT_ATHENA_BYTES_CUTOFF,
  DEFAULT_ATHENA_THRESHOLD_BYTES,
} from '../../functions/core/engine/choose-engine.js';
import { text, wholeNumber } from './context-values.js';

/**
 * Deploy settings of the engine that computes the week (docs/athena.md). Each `.meta()` is its
 * entry in the configuration reference.
 */
export const athenaSettings = {
  engine: text('must be auto, duckdb or athena')
    .pipe(z.enum(['auto', 'duckdb', 'athena'], { error: 'must be auto, duckdb or athena' }))
    .default('auto')
    .meta({
      description:
        'What computes the tables: `duckdb` in the function, `athena` (Amazon Athena over the stream, `source: "stream"` only), or `auto`: DuckDB below `athenaThresholdBytes` of stream objects in the period, Athena above.',
    }),
  athenaThresholdBytes: wholeNumber(1, Number.MAX_SAFE_INTEGER).default(DEFAULT_ATHENA_THRESHOLD_BYTES).meta({
    description:
      'With `engine: "auto"`: the period\'s stream object bytes (gzip, as landed) above which Athena computes the week.',
  }),
  athenaBytesScannedCutoff: wholeNumber(10_000_000, Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_ATHENA_BYTES_CUTOFF)
    .meta({
      description:
        "Bytes one Athena statement may scan: the workgroup's `BytesScannedCutoffPerQuery`, and the job refuses a run whose estimate is above it before starting any statement.",
    }),
};

/** Athena reads the stream: `engine: "athena"` needs `source: "stream"`. */
export function checkAthenaSettings(config: { source: string; engine: string }, ctx: z.RefinementCtx): void {
  if (config.engine === 'athena' && config.source !== 'stream')
    ctx.addIssue({
      code: 'custom',
      path: ['engine'],
      message: 'athena needs source "stream" (Athena reads the landed stream)',
    });
}
