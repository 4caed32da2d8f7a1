import { z } from 'zod';
import { layoutProblem } from '../../functions/core/stream/stream-layout.js';
import { flag, text, wholeNumber } from './context-values.js';
import { principalArn } from './setting-types.js';

/**
 * Deploy settings of the audit stream (`source: "stream"`, docs/stream.md). Each `.meta()` is its
 * entry in the configuration reference.
 */
export const streamSettings = {
  source: text('must be api or stream')
    .pipe(z.enum(['api', 'stream'], { error: 'must be api or stream' }))
    .default('api')
    .meta({
      description:
        "Where the week's records come from: `api`, Descope's audit search, or `stream`, Descope's audit stream landed in this account (any week whose objects exist; successful logins, MFA, dormant accounts and impossible travel).",
    }),
  streamPath: text('must be eventbridge or s3-connector')
    .pipe(z.enum(['eventbridge', 's3-connector'], { error: 'must be eventbridge or s3-connector' }))
    .default('eventbridge')
    .meta({
      description:
        "How the stream lands: `eventbridge`, Descope's EventBridge connector → an event bus → Firehose → the evidence bucket's `stream/events/`; or `s3-connector`, Descope's S3 connector writing to a landing bucket of its own.",
    }),
  streamPrincipalArn: principalArn()
    .optional()
    .meta({
      description:
        'The principal Descope writes as: named by the event bus policy (EventBridge) or trusted by the connector role (S3). Required with `source: "stream"`.',
      examples: ['arn:aws:iam::123456789012:role/descope-connector'],
    }),
  streamExternalId: text('must be an external ID')
    .pipe(
      z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, {
        error: 'must be 2 to 1224 letters, digits or +=,.@:/-_',
      }),
    )
    .optional()
    .meta({
      description:
        'External ID the S3 connector presents when it assumes its role (its `external_id`). Required with `streamPath: "s3-connector"`.',
    }),
  streamEventSource: text('must be an event source').default('descope.audit').meta({
    description:
      "The `source` of the events the rule forwards to Firehose: set the EventBridge connector's `source` to it.",
  }),
  streamKeyPattern: text('must be a key pattern')
    .refine((pattern) => layoutProblem(pattern) === undefined, {
      error: 'must be a key layout such as {projectId}/{yyyy}/{mm}/{dd}/ ending with "/"',
    })
    .optional()
    .meta({
      description:
        "The S3 connector's key layout up to the day (`{projectId}`, `{yyyy}`, `{mm}`, `{dd}`); its layout is undocumented.",
      unset: 'discovered by the job from the keys in the landing bucket',
    }),
  streamLateDays: wholeNumber(0, 7).default(1).meta({
    description: 'Days after an event its object may still arrive; that many more day partitions are read.',
  }),
  streamMaskPii: flag().optional().meta({
    description: "The S3 connector's `mask_pii`: distinct login-ID counts are then marked not computable.",
    unset: 'told from the login IDs seen',
  }),
  streamNoEventHours: wholeNumber(1, 168).default(6).meta({
    description: 'Hours without a single stream event after which an alarm fires (EventBridge path).',
  }),
};

/** Cross-field rules: a stream needs its principal; the S3 connector also its external ID. */
export function checkStreamSettings(
  config: { source: string; streamPath: string; streamPrincipalArn?: string; streamExternalId?: string },
  ctx: z.RefinementCtx,
): void {
  if (config.source !== 'stream') return;
  if (!config.streamPrincipalArn)
    ctx.addIssue({
      code: 'custom',
      path: ['streamPrincipalArn'],
      message: 'is required with source "stream" (the principal Descope writes the stream as)',
    });
  if (config.streamPath === 's3-connector' && !config.streamExternalId)
    ctx.addIssue({
      code: 'custom',
      path: ['streamExternalId'],
      message: 'is required with streamPath "s3-connector" (the connector role trusts it)',
    });
}
