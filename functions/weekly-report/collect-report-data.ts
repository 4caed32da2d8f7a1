import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { ReportStore } from '../adapters/report-store.js';
import { createAggregator } from '../core/aggregation/create-aggregator.js';
import type { ManifestEntry } from '../core/manifest.js';
import type { ReportPeriod } from '../core/period.js';
import type { QueryDefinition } from '../core/query-definition.js';
import { planCollections } from '../core/query-plan.js';
import type { QueryResult } from '../core/report-model.js';
import {
  type CollectionOutcome,
  collectAuditRecords,
  emptyOutcome,
  type PageProgress,
} from './collect-audit-records.js';
import { createEvidenceWriter } from './evidence-writer.js';

export interface CollectReportDataInput {
  search: AuditSearchApi;
  store: ReportStore;
  prefix: string;
  period: ReportPeriod;
  queries: readonly QueryDefinition[];
  maxResultWindow: number;
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
}

/**
 * Runs one search per distinct filter, streaming each record into every query's aggregator and
 * into the collection's gzipped NDJSON evidence file. Only aggregates stay in memory.
 */
export async function collectReportData(
  input: CollectReportDataInput,
): Promise<{ results: QueryResult[]; evidence: ManifestEntry[] }> {
  const results: QueryResult[] = [];
  const evidence: ManifestEntry[] = [];
  for (const plan of planCollections(input.queries)) {
    const evidenceName = `evidence/${plan.id}.ndjson.gz`;
    const writer = createEvidenceWriter(input.store, `${input.prefix}${evidenceName}`, evidenceName);
    const aggregators = plan.queries.map((query) => ({ query, aggregator: createAggregator(query) }));
    const outcome = emptyOutcome();
    const records = collectAuditRecords(
      input.search,
      plan.filter,
      input.period,
      {
        maxResultWindow: input.maxResultWindow,
        ...(input.onPage ? { onPage: (p: PageProgress) => input.onPage?.(plan.id, p) } : {}),
      },
      outcome,
    );
    for await (const record of records) {
      for (const { aggregator } of aggregators) aggregator.add(record);
      await writer.write(record);
    }
    evidence.push(await writer.close());
    input.onCollected?.(plan.id, outcome);
    for (const { query, aggregator } of aggregators) {
      results.push({
        query,
        evidenceFile: evidenceName,
        table: aggregator.finish(),
        records: aggregator.records,
        complete: outcome.gaps.length === 0,
        gaps: outcome.gaps,
      });
    }
  }
  // Results follow the catalog's order, not the collection order.
  const order = new Map(input.queries.map((q, i) => [q.id, i]));
  results.sort((a, b) => (order.get(a.query.id) ?? 0) - (order.get(b.query.id) ?? 0));
  return { results, evidence };
}
