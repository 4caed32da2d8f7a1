import { z } from 'zod';
import { channelsJson } from './environment-values.js';

/** Which findings are accepted risks, and which channels they are routed to beside the email. */
export const findingVariables = {
  REPORT_EXCEPTIONS_FILE: z.string().trim().min(1).optional().meta({
    description:
      'A JSON file of accepted risks (docs/exceptions.md), read before any request; each problem names the file and line. The stack bundles `exceptionsFile` with the function and sets this to it.',
    unset: 'no exceptions: every finding is counted',
  }),
  REPORT_CHANNELS: channelsJson.meta({
    description:
      'Routing channels as JSON (docs/routing.md): Slack, Teams, signed webhook and EventBridge, each with its minimum severity, tenants, timeout and attempts; secrets are named (Secrets Manager), never given. The stack sets it from `channels`.',
    unset: 'no channel: the email only',
  }),
};
