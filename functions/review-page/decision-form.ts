import { z } from 'zod';
import { MAX_JUSTIFICATION } from '../core/access/campaign-decision.js';

const justification = z.string().max(MAX_JUSTIFICATION).default('');

/** A decision form as posted: level 1 keeps, revokes or changes; level 2 approves or rejects. */
export const decisionFormSchema = z.union([
  z.object({
    level: z.literal('1').transform(() => 1 as const),
    outcome: z.enum(['keep', 'revoke', 'change']),
    justification,
  }),
  z.object({
    level: z.literal('2').transform(() => 2 as const),
    outcome: z.enum(['approve', 'reject']),
    justification,
  }),
]);
