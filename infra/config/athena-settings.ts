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
        'What computes the tables: `duckdb` in the function; `athena`, Amazon Athena over the landed stream (the stack adds a Glue table, a workgroup and their grants); or `auto`, DuckDB up to `athenaThresholdBytes` of stream objects in the period and Athena above. `athena` and `auto` need `source: "stream"` with `streamPath: "eventbridge"` and one project. On Athena, a collection Athena cannot compute whole stays on DuckDB and the report says which and why (docs/athena.md).',
    }),
  athenaThresholdBytes: wholeNumber(1, Number.MAX_SAFE_INTEGER).default(DEFAULT_ATHENA_THRESHOLD_BYTES).meta({
    description:
      'With `engine: "auto"`: the period\'s stream object bytes (gzip, as landed) above which Athena computes the week.',
  }),
  athenaBytesScannedCutoff: wholeNumber(10_000_000, Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_ATHENA_BYTES_CUTOFF)
    .meta({
      description:
        'With `engine: "athena"` or `"auto"`: bytes one Athena statement may scan, the workgroup\'s `BytesScannedCutoffPerQuery`; the job refuses a run whose estimate is above it before starting any statement.',
    }),
};

/** What the engine check reads of the configuration. */
interface EngineView {
  engine: string;
  source: string;
  streamPath: string;
  projects?: unknown;
}

/**
 * Athena reads the EventBridge path's `stream/events/dt=…/` objects through a Glue table whose
 * partition projection is fixed at deploy: the search source lands nothing to read, the S3
 * connector's key layout is discovered at run time, and several projects share no stream. Each
 * refusal names the key to change.
 */
export function checkAthenaSettings(config: EngineView, ctx: z.RefinementCtx): void {
  if (config.engine === 'duckdb') return;
  const refuse = (message: string) =>
    ctx.addIssue({ code: 'custom', path: ['engine'], message: `"${config.engine}" ${message}` });
  if (config.projects !== undefined)
    refuse('is refused with projects: Athena reads one project\'s stream (set engine to "duckdb")');
  else if (config.source !== 'stream')
    refuse(
      'needs source "stream": Athena reads the landed stream (stream/events/), and the search lands none',
    );
  else if (config.streamPath !== 'eventbridge')
    refuse(
      `needs streamPath "eventbridge": the ${config.streamPath} key layout is discovered at run time, and Athena's table fixes it at deploy`,
    );
}
