import type { ReportStore } from '../adapters/report-store.js';
import { createAggregator } from '../core/aggregation/create-aggregator.js';
import type { ManifestEntry } from '../core/manifest.js';
import type { QueryDefinition } from '../core/query-definition.js';
import type { CollectionPlan } from '../core/query-plan.js';
import type { QueryResult } from '../core/report-model.js';
import type { Checkpoint } from './collection-checkpoint.js';
import { readEvidence } from './evidence-reader.js';

export interface AggregateEvidenceInput {
  store: ReportStore;
  prefix: string;
  plans: CollectionPlan[];
  queries: readonly QueryDefinition[];
  checkpoint: Checkpoint;
}

/**
 * Phase two of a run: every query's numbers, computed by streaming the stored evidence parts of
 * its collection through its aggregator (several queries share one pass over one collection).
 * Only aggregates stay in memory; an auditor can recompute any number from the same files.
 */
export async function aggregateEvidence(
  input: AggregateEvidenceInput,
): Promise<{ results: QueryResult[]; evidence: ManifestEntry[] }> {
  const results: QueryResult[] = [];
  const evidence: ManifestEntry[] = [];
  for (const plan of input.plans) {
    const state = input.checkpoint.collections.find((c) => c.id === plan.id);
    if (!state) throw new Error(`Collection ${plan.id} has no state in the checkpoint`);
    const aggregators = plan.queries.map((query) => ({ query, aggregator: createAggregator(query) }));
    for await (const record of readEvidence(
      input.store,
      state.parts.map((p) => `${input.prefix}${p.name}`),
    )) {
      for (const { aggregator } of aggregators) aggregator.add(record);
    }
    evidence.push(...state.parts.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));
    const evidenceFile = state.parts.length === 1 ? (state.parts[0]?.name ?? '') : `evidence/${plan.id}/`;
    for (const { query, aggregator } of aggregators) {
      results.push({
        query,
        evidenceFile,
        table: aggregator.finish(),
        records: aggregator.records,
        complete: state.outcome.gaps.length === 0,
        gaps: state.outcome.gaps,
      });
    }
  }
  // Results follow the catalog's order, not the collection order.
  const order = new Map(input.queries.map((q, i) => [q.id, i]));
  results.sort((a, b) => (order.get(a.query.id) ?? 0) - (order.get(b.query.id) ?? 0));
  return { results, evidence };
}
