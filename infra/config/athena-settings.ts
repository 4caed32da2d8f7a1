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
    .default('duckdb')
    .meta({
      description:
        'What computes the tables. Only `duckdb` (in the function) is accepted today: `athena` and `auto` (DuckDB below `athenaThresholdBytes` of stream objects in the period, Athena above) are refused at synth, because the Athena engine is not yet wired into the run (docs/athena.md says what exists).',
    }),
  athenaThresholdBytes: wholeNumber(1, Number.MAX_SAFE_INTEGER).default(DEFAULT_ATHENA_THRESHOLD_BYTES).meta({
    description:
      'Reserved for `engine: "auto"` (not yet accepted): the period\'s stream object bytes (gzip, as landed) above which Athena computes the week.',
  }),
  athenaBytesScannedCutoff: wholeNumber(10_000_000, Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_ATHENA_BYTES_CUTOFF)
    .meta({
      description:
        "Reserved for the Athena engine (not yet accepted): bytes one Athena statement may scan, the workgroup's `BytesScannedCutoffPerQuery`, and the job refuses a run whose estimate is above it before starting any statement.",
    }),
};

/** The refusal of `engine: "athena"` and `"auto"`, as the configuration error says it. */
export const ATHENA_NOT_WIRED =
  'the Athena engine is not yet wired into the run, so only "duckdb" is accepted (docs/athena.md says what exists and what remains)';

/**
 * Only DuckDB computes a run today: nothing in the run asks for the engine choice or runs the
 * Athena plan, so a setting that would choose Athena is refused rather than computed by DuckDB
 * while the configuration says otherwise.
 */
export function checkAthenaSettings(config: { engine: string }, ctx: z.RefinementCtx): void {
  if (config.engine !== 'duckdb')
    ctx.addIssue({
      code: 'custom',
      path: ['engine'],
      message: `"${config.engine}" is refused: ${ATHENA_NOT_WIRED}`,
    });
}
