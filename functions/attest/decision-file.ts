import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Campaign } from '../core/access/campaign.js';
import { MAX_JUSTIFICATION } from '../core/access/campaign-decision.js';
import type { DecisionRequest } from '../core/access/decision-rules.js';
import { ConfigError, describeError } from '../shared/errors.js';

/** One line of a bulk decision file: an item (by ID, or by principal, role and tenant) and the decision. */
const lineSchema = z
  .object({
    item: z.string().optional(),
    principal: z.string().optional(),
    role: z.string().optional(),
    tenant: z.string().default(''),
    decision: z.enum(['keep', 'revoke', 'change', 'approve', 'reject']),
    justification: z.string().max(MAX_JUSTIFICATION).default(''),
  })
  .strict()
  .refine((l) => l.item !== undefined || (l.principal !== undefined && l.role !== undefined), {
    message: 'needs "item", or "principal" and "role"',
  });
const fileSchema = z.object({ decisions: z.array(lineSchema).min(1).max(10_000) }).strict();

export interface BulkDecision {
  line: number;
  itemId: string;
  request: DecisionRequest;
}

/**
 * Reads a bulk decision file (`{ "decisions": [ { "item": "…", "decision": "keep", "justification":
 * "…" } ] }`, or `principal`/`role`/`tenant` instead of `item`) and resolves every line to one item
 * of the campaign. Every problem names the file and the line (1-based entry) before anything is
 * recorded.
 */
export async function readDecisionFile(path: string, campaign: Campaign): Promise<BulkDecision[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`--decisions ${path} cannot be read as JSON (${describeError(error)})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [, index, field] = issue?.path ?? [];
    const where = typeof index === 'number' ? ` entry ${index + 1}${field ? ` (${String(field)})` : ''}` : '';
    throw new ConfigError(`--decisions ${path}${where}: ${issue?.message ?? 'is not a decision file'}`);
  }
  return parsed.data.decisions.map((line, n) => {
    const matches = campaign.items.filter((i) =>
      line.item !== undefined
        ? i.id === line.item
        : i.principal.id === line.principal &&
          i.role.toLowerCase() === (line.role ?? '').toLowerCase() &&
          i.tenantId === line.tenant,
    );
    if (matches.length !== 1)
      throw new ConfigError(
        `--decisions ${path} entry ${n + 1}: matches ${matches.length} items of campaign ${campaign.id}, not one`,
      );
    const request: DecisionRequest =
      line.decision === 'approve' || line.decision === 'reject'
        ? { level: 2, outcome: line.decision, justification: line.justification }
        : { level: 1, outcome: line.decision, justification: line.justification };
    return { line: n + 1, itemId: matches[0]?.id ?? '', request };
  });
}
