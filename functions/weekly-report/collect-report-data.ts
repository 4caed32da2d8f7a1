import type { AuditSearchApi } from '../adapters/audit-search-api.js';
import type { ReportStore } from '../adapters/report-store.js';
import { createAggregator } from '../core/aggregation/create-aggregator.js';
import { createTenantAggregators } from '../core/aggregation/tenant-aggregators.js';
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

/** Per-tenant aggregation during the same pass (no extra searches). */
export interface TenantCollection {
  /** Whether a (safe) tenant ID gets a report. */
  accept: (tenantId: string) => boolean;
  /** Tenants that get a report even without records (configured recipients or includes). */
  required: string[];
}

export interface CollectReportDataInput {
  search: AuditSearchApi;
  store: ReportStore;
  prefix: string;
  period: ReportPeriod;
  queries: readonly QueryDefinition[];
  maxResultWindow: number;
  tenants?: TenantCollection;
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
}

export interface CollectedReportData {
  results: QueryResult[];
  evidence: ManifestEntry[];
  /** Tenant ID → its results, in catalog order (empty when tenants are off). */
  tenantResults: Map<string, QueryResult[]>;
  /** Tenant IDs refused as folder names → records naming them. */
  rejectedTenants: Map<string, number>;
}

/**
 * Runs one search per distinct filter, streaming each record into every query's aggregator, the
 * tenants' aggregators and the collection's gzipped NDJSON evidence file. Only aggregates stay in
 * memory.
 */
export async function collectReportData(input: CollectReportDataInput): Promise<CollectedReportData> {
  const results: QueryResult[] = [];
  const evidence: ManifestEntry[] = [];
  const tenantResults = new Map<string, QueryResult[]>();
  const rejectedTenants = new Map<string, number>();
  const collected: Array<{
    queries: QueryDefinition[];
    finished: Pick<QueryResult, 'evidenceFile' | 'complete' | 'gaps'>;
  }> = [];
  for (const plan of planCollections(input.queries)) {
    const evidenceName = `evidence/${plan.id}.ndjson.gz`;
    const writer = createEvidenceWriter(input.store, `${input.prefix}${evidenceName}`, evidenceName);
    const aggregators = plan.queries.map((query) => ({
      query,
      aggregator: createAggregator(query, input.period),
    }));
    const tenants = input.tenants
      ? createTenantAggregators(plan.queries, input.period, input.tenants.accept)
      : undefined;
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
      tenants?.add(record);
      await writer.write(record);
    }
    evidence.push(await writer.close());
    input.onCollected?.(plan.id, outcome);
    const finished = { evidenceFile: evidenceName, complete: outcome.gaps.length === 0, gaps: outcome.gaps };
    collected.push({ queries: plan.queries, finished });
    for (const { query, aggregator } of aggregators) {
      results.push({ query, table: aggregator.finish(), records: aggregator.records, ...finished });
    }
    if (tenants) {
      for (const [tenant, { tables }] of tenants.finish(input.tenants?.required)) {
        const list = tenantResults.get(tenant) ?? [];
        list.push(...tables.map((t) => ({ ...t, ...finished })));
        tenantResults.set(tenant, list);
      }
      for (const [tenant, count] of tenants.rejected) {
        rejectedTenants.set(tenant, (rejectedTenants.get(tenant) ?? 0) + count);
      }
    }
  }
  // A tenant first seen in a later collection still gets (empty) results for the earlier ones.
  for (const list of tenantResults.values()) {
    for (const { queries, finished } of collected) {
      for (const query of queries) {
        if (list.some((r) => r.query.id === query.id)) continue;
        list.push({ query, table: createAggregator(query, input.period).finish(), records: 0, ...finished });
      }
    }
  }
  // Results follow the catalog's order, not the collection order.
  const order = new Map(input.queries.map((q, i) => [q.id, i]));
  const byCatalog = (a: QueryResult, b: QueryResult) =>
    (order.get(a.query.id) ?? 0) - (order.get(b.query.id) ?? 0);
  results.sort(byCatalog);
  for (const list of tenantResults.values()) list.sort(byCatalog);
  return { results, evidence, tenantResults, rejectedTenants };
}
