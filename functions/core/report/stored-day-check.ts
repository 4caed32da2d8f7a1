import { z } from 'zod';
import { type CollectionPlan, canonicalFilter } from '../catalog/query-plan.js';
import type { ManifestEntry } from '../integrity/manifest.js';
import type { AuditFilter } from '../records/audit-record.js';

const daySummarySchema = z.object({
  complete: z.boolean(),
  source: z.object({ kind: z.string() }),
  queries: z.array(
    z.object({
      id: z.string(),
      filter: z.record(z.string(), z.unknown()),
      apiUnderCount: z.object({ counted: z.number(), read: z.number() }).optional(),
    }),
  ),
});

/** One collection of a stored day, as a week computed from the days takes it. */
export interface StoredDayCollection {
  /** The day's evidence parts of the collection, in name order, as its manifest lists them. */
  parts: ManifestEntry[];
  /** The API's count fell short of the records read that day (`apiUnderCount` of its summary). */
  underCount?: { counted: number; read: number };
}

/**
 * Whether a stored day can stand in for the API in a week's run, from its verified `summary.json`
 * and manifest: read from the audit search, complete, and collected by the same filters as the
 * week's collections (the catalog may have changed since). Pure: the caller reads and verifies.
 * Returns each collection's parts, or why the day cannot be used.
 */
export function checkStoredDay(
  day: string,
  summary: Uint8Array,
  files: readonly ManifestEntry[],
  plans: readonly CollectionPlan[],
): { ok: true; collections: Map<string, StoredDayCollection> } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(summary));
  } catch {
    json = undefined;
  }
  const parsed = daySummarySchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `${day}'s summary.json cannot be read` };
  const { data } = parsed;
  if (data.source.kind !== 'search')
    return { ok: false, reason: `${day} was read from the ${data.source.kind}, not the audit search` };
  if (!data.complete) return { ok: false, reason: `${day}'s report is incomplete (it has gaps)` };
  const queries = new Map(data.queries.map((q) => [q.id, q]));
  const collections = new Map<string, StoredDayCollection>();
  for (const plan of plans) {
    let underCount: StoredDayCollection['underCount'];
    for (const query of plan.queries) {
      const stored = queries.get(query.id);
      if (!stored) return { ok: false, reason: `${day}'s report has no query ${query.id}` };
      if (canonicalFilter(stored.filter as AuditFilter) !== canonicalFilter(plan.filter))
        return {
          ok: false,
          reason: `${day} collected ${query.id} with another filter than this run's catalog`,
        };
      underCount ??= stored.apiUnderCount;
    }
    const folder = `evidence/${plan.id}/`;
    const parts = files.filter((f) => f.name.startsWith(folder)).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (parts.length === 0)
      return { ok: false, reason: `${day}'s manifest lists no evidence for ${plan.id}` };
    collections.set(plan.id, { parts, underCount });
  }
  return { ok: true, collections };
}

/**
 * Whether a stored day stands as that day's daily review for a week read from the audit stream
 * (PCI DSS 10.4.1): its verified `summary.json` must say the day is complete. Its source and
 * filters do not matter here (its evidence is not taken). Pure: the caller reads and verifies.
 */
export function checkReviewedDay(
  day: string,
  summary: Uint8Array,
): { ok: true } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(summary));
  } catch {
    json = undefined;
  }
  const parsed = daySummarySchema.pick({ complete: true }).safeParse(json);
  if (!parsed.success) return { ok: false, reason: `${day}'s summary.json cannot be read` };
  if (!parsed.data.complete) return { ok: false, reason: `${day}'s report is incomplete (it has gaps)` };
  return { ok: true };
}
