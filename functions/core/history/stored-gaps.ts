import { z } from 'zod';
import type { ReportGap } from '../report/report-model.js';

const gapsSchema = z.object({
  queries: z.array(
    z.object({
      id: z.string(),
      gaps: z.array(
        z.object({
          from: z.iso.datetime(),
          to: z.iso.datetime(),
          reason: z.string(),
          expected: z.number().optional(),
          fetched: z.number(),
        }),
      ),
    }),
  ),
});

/** Each query's gaps from a stored `summary.json` (query id → gaps), or `undefined` when unreadable. */
export function parseStoredGaps(bytes: Uint8Array): Map<string, ReportGap[]> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = gapsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return new Map(
    parsed.data.queries.map((q) => [
      q.id,
      q.gaps.map((g) => ({
        from: Date.parse(g.from),
        to: Date.parse(g.to),
        reason: g.reason,
        fetched: g.fetched,
        ...(g.expected !== undefined ? { expected: g.expected } : {}),
      })),
    ]),
  );
}
