import type { z } from 'zod';
import { emailAddress, flag } from './context-values.js';
import { domainName, recipientList } from './setting-types.js';

/**
 * Deploy settings of the summary email: who sends it, to whom, and how SES verifies the sender.
 * Each `.meta()` is its entry in the configuration reference.
 */
export const mailSettings = {
  sender: emailAddress().meta({
    description: 'From address of the summary email; the stack creates its SES identity (`REPORT_SENDER`).',
  }),
  senderDomain: domainName().optional().meta({
    description:
      'Verify the whole sender domain (DKIM) instead of the single sender address; `sender` must be in it.',
    unset: 'the sender address is verified on its own',
  }),
  recipients: recipientList().meta({
    description:
      'Who receives the weekly summary: a JSON list or `a@x,b@y`, 1 to 50 addresses (the SES per-message limit).',
    examples: ['security@example.com,ciso@example.com'],
  }),
  sesSandbox: flag().default(false).meta({
    description:
      'The account is still in the SES sandbox: also create an identity for each recipient (each gets a verification email) and allow sending to them, which the sandbox checks against IAM too.',
  }),
};

/** A verified sender domain must be the sender's own. */
export function checkMailSettings(
  config: { sender: string; senderDomain?: string },
  ctx: z.RefinementCtx,
): void {
  const { sender, senderDomain } = config;
  if (senderDomain && !sender.toLowerCase().endsWith(`@${senderDomain}`)) {
    ctx.addIssue({
      code: 'custom',
      path: ['senderDomain'],
      message: `must be the domain of sender (${sender})`,
    });
  }
}
