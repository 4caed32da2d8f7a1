import { z } from 'zod';

const secretId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/, 'must be a Secrets Manager secret ARN or name');

/** What every channel shares: its name (also its delivery record's), filters, timeout and retries. */
const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and hyphens (at most 63)'),
  /** Only findings at least this severe are sent. */
  minSeverity: z.enum(['medium', 'high']).default('medium'),
  /** The tenants whose own reports this channel receives; unset: the project-wide report. */
  tenants: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a tenant ID'))
    .min(1)
    .optional(),
  /** One attempt's timeout in milliseconds. */
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
  /** Attempts before the channel's delivery is reported failed (backoff doubles from 1 s). */
  attempts: z.number().int().min(1).max(10).default(4),
  /** Send a message even when the period has no new finding. */
  sendWhenNoNewFindings: z.boolean().default(false),
};

export const channelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slack'), ...common, webhookUrlSecret: secretId }).strict(),
  z.object({ kind: z.literal('teams'), ...common, webhookUrlSecret: secretId }).strict(),
  z
    .object({
      kind: z.literal('webhook'),
      ...common,
      url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
      signingSecret: secretId,
    })
    .strict(),
  z
    .object({
      kind: z.literal('eventbridge'),
      ...common,
      /** `default`, a bus name or a bus ARN. */
      eventBusName: z.string().trim().min(1).max(1600).default('default'),
    })
    .strict(),
]);

export const channelsSchema = z
  .array(channelSchema)
  .max(20)
  .superRefine((channels, ctx) => {
    const seen = new Set<string>();
    channels.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `repeats ${c.name}` });
      seen.add(c.name);
    });
  });

export type ChannelConfig = z.output<typeof channelSchema>;
export type ChannelKind = ChannelConfig['kind'];
