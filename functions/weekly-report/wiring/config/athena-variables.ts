import { z } from 'zod';
import {
  DEFAULT_ATHENA_BYTES_CUTOFF,
  DEFAULT_ATHENA_THRESHOLD_BYTES,
} from '../../../core/engine/choose-engine.js';
import { url } from './environment-values.js';

/** A whole number of bytes, at least `minimum`; the default is the text the variable would hold. */
const bytes = (fallback: number, minimum: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < minimum) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number of bytes, at least ${minimum}, got "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const name = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be a name of letters, digits, _ . or -');

/**
 * What computes the week's tables: DuckDB in the function, or Amazon Athena over the landed stream
 * (docs/athena.md). Each `.meta()` is its entry in docs/configuration.md; the stack sets them from
 * the deploy keys `engine`, `athenaThresholdBytes` and `athenaBytesScannedCutoff`.
 */
export const athenaVariables = {
  REPORT_ENGINE: z
    .enum(['auto', 'duckdb', 'athena'], { message: 'must be auto, duckdb or athena' })
    .default('duckdb')
    .meta({
      description:
        "What computes the tables: `duckdb` in the function, `athena` over the landed stream, or `auto` (Athena when the period's stream objects are above ATHENA_THRESHOLD_BYTES). Athena needs REPORT_SOURCE=stream with the stream in the report bucket.",
    }),
  ATHENA_THRESHOLD_BYTES: bytes(DEFAULT_ATHENA_THRESHOLD_BYTES, 1).meta({
    description:
      "With REPORT_ENGINE=auto: the period's stream object bytes (gzip, as landed) above which Athena computes.",
  }),
  ATHENA_BYTES_SCANNED_CUTOFF: bytes(DEFAULT_ATHENA_BYTES_CUTOFF, 10_000_000).meta({
    description:
      "Bytes one Athena statement may scan (the workgroup's cutoff): a run whose estimate is above it is refused before any statement starts.",
  }),
  ATHENA_WORKGROUP: name.optional().meta({
    description:
      'The Athena workgroup the statements run in (its enforced settings give the results location).',
    unset: 'required when REPORT_ENGINE is athena or auto',
  }),
  ATHENA_DATABASE: name.optional().meta({
    description: "The Glue database holding the stream's table.",
    unset: 'required when REPORT_ENGINE is athena or auto',
  }),
  ATHENA_TABLE: name.default('stream_events').meta({
    description: "The Glue table over the stream's `stream/events/dt=…/` objects.",
  }),
  AWS_ENDPOINT_URL_ATHENA: url.optional().meta({
    description: 'Athena-compatible endpoint (the local stand-in), read by the SDK client.',
    unset: 'AWS',
  }),
};
