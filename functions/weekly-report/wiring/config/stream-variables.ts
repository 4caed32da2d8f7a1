import { z } from 'zod';
import { layoutProblem } from '../../../core/stream/stream-layout.js';

/** A whole number of 0 or more; the default is the text the variable would hold. */
const count = (fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number (0 or more), got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

/**
 * Where the week's records come from, and how the audit stream is read. Shared by every entry point;
 * each `.meta()` is its entry in docs/configuration.md.
 */
export const streamVariables = {
  REPORT_SOURCE: z.enum(['api', 'stream'], { message: 'must be api or stream' }).default('api').meta({
    description:
      "Where the week's records come from: `api`, Descope's audit search (30 days back, 10 searches a minute), or `stream`, the audit stream landed in S3 (any week whose objects exist). docs/stream.md.",
  }),
  STREAM_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional()
    .meta({
      description:
        "The bucket the audit stream lands in (the S3 connector's own bucket); the job only reads it.",
      unset: 'REPORT_BUCKET, under `stream/events/` (the EventBridge → Firehose path)',
    }),
  STREAM_PREFIX: z.string().optional().meta({
    description: "Where the stream's keys are listed to discover their layout.",
    unset: '`stream/events/` in the report bucket, the whole bucket in a connector bucket',
  }),
  STREAM_KEY_PATTERN: z
    .string()
    .trim()
    .superRefine((pattern, ctx) => {
      const problem = layoutProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional()
    .meta({
      description:
        "The stream's key layout up to the day, with `{projectId}`, `{yyyy}`, `{mm}` and `{dd}` (Descope does not document the S3 connector's).",
      unset: 'discovered from the keys under STREAM_PREFIX',
      examples: ['{projectId}/{yyyy}/{mm}/{dd}/'],
    }),
  STREAM_LATE_DAYS: count(1).meta({
    description:
      'Days after an event its object may still arrive: partitions are arrival days, so that many more are read.',
  }),
  STREAM_MASK_PII: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { message: 'must be true or false' }))
    .transform((value) => value === 'true')
    .optional()
    .meta({
      description:
        "The connector's `mask_pii`: login IDs are masked, so distinct login-ID counts are marked not computable.",
      unset: 'told from the login IDs seen',
    }),
  STREAM_SPOT_CHECKS: count(3).meta({
    description:
      "Audit searches that check the stream's busiest hours against Descope itself, when the week is inside the search's 30 days.",
  }),
};
