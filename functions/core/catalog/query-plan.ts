import type { AuditFilter } from '../records/audit-record.js';
import type { QueryDefinition } from './query-definition.js';

/** One audit search (a distinct filter set) feeding every query that needs exactly those records. */
export interface CollectionPlan {
  /** Stable name of the collection, used for its evidence file. */
  id: string;
  filter: AuditFilter;
  queries: QueryDefinition[];
  /** Days before the period's end the collection reaches back (stream only). @default the period */
  lookbackDays?: number;
}

/** Canonical JSON of a filter: keys sorted, list values sorted and de-duplicated. */
export function canonicalFilter(filter: AuditFilter): string {
  const entries = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, Array.isArray(v) ? [...new Set(v)].sort() : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(Object.fromEntries(entries));
}

/**
 * Groups queries by identical filters so each distinct record set is searched once per run,
 * whatever number of queries aggregate it. The collection is named by the first query's
 * `collection`, else its id.
 */
export function planCollections(queries: readonly QueryDefinition[]): CollectionPlan[] {
  const plans = new Map<string, CollectionPlan>();
  for (const query of queries) {
    const filter = canonicalFilter(query.filter);
    // A look-back reads other days: its records are another collection, even for the same filter.
    const key = query.lookbackDays === undefined ? filter : `${filter}|${query.lookbackDays}`;
    const plan = plans.get(key);
    if (plan) plan.queries.push(query);
    else
      plans.set(key, {
        id: query.collection ?? query.id,
        filter: JSON.parse(filter) as AuditFilter,
        queries: [query],
        lookbackDays: query.lookbackDays,
      });
  }
  return [...plans.values()];
}
