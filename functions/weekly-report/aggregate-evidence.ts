import type { ReportStore } from '../adapters/report-store.js';
import { createAggregator } from '../core/aggregation/create-aggregator.js';
import { createTenantAggregators } from '../core/aggregation/tenant-aggregators.js';
import type { ManifestEntry } from '../core/manifest.js';
import type { ReportPeriod } from '../core/period.js';
import type { QueryDefinition } from '../core/query-definition.js';
import type { CollectionPlan } from '../core/query-plan.js';
import type { QueryResult } from '../core/report-model.js';
import type { Checkpoint } from './collection-checkpoint.js';
import { readEvidence } from './evidence-reader.js';

/** Per-tenant aggregation during the same pass over the evidence (no extra searches). */
export interface TenantCollection {
  /** Whether a (safe) tenant ID gets a report. */
  accept: (tenantId: string) => boolean;
  /** Tenants that get a report even without records (configured recipients or includes). */
  required: string[];
}

export interface AggregateEvidenceInput {
  store: ReportStore;
  prefix: string;
  period: ReportPeriod;
  plans: CollectionPlan[];
  queries: readonly QueryDefinition[];
  checkpoint: Checkpoint;
  tenants?: TenantCollection;
}

export interface AggregatedReportData {
  results: QueryResult[];
  evidence: ManifestEntry[];
  /** Tenant ID → its results, in catalog order (empty when tenants are off). */
  tenantResults: Map<string, QueryResult[]>;
  /** Tenant IDs refused as folder names → records naming them. */
  rejectedTenants: Map<string, number>;
}

/**
 * Phase two of a run: every query's numbers (and each tenant's share), computed by streaming the
 * stored evidence parts of its collection through the aggregators, one pass per collection. Only
 * aggregates stay in memory, and an auditor can recompute any number from the same files.
 */
export async function aggregateEvidence(input: AggregateEvidenceInput): Promise<AggregatedReportData> {
  const results: QueryResult[] = [];
  const evidence: ManifestEntry[] = [];
  const tenantResults = new Map<string, QueryResult[]>();
  const rejectedTenants = new Map<string, number>();
  const collected: Array<{
    queries: QueryDefinition[];
    finished: Pick<QueryResult, 'evidenceFile' | 'complete' | 'gaps' | 'underCount'>;
  }> = [];
  for (const plan of input.plans) {
    const state = input.checkpoint.collections.find((c) => c.id === plan.id);
    if (!state) throw new Error(`Collection ${plan.id} has no state in the checkpoint`);
    const aggregators = plan.queries.map((query) => ({
      query,
      aggregator: createAggregator(query, input.period),
    }));
    const tenants = input.tenants
      ? createTenantAggregators(plan.queries, input.period, input.tenants.accept)
      : undefined;
    const parts = state.parts.map((p) => ({
      key: `${input.prefix}${p.name}`,
      bytes: p.bytes,
      sha256: p.sha256,
    }));
    for await (const record of readEvidence(input.store, parts)) {
      for (const { aggregator } of aggregators) aggregator.add(record);
      tenants?.add(record);
    }
    evidence.push(...state.parts.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));
    const evidenceFile = state.parts.length === 1 ? (state.parts[0]?.name ?? '') : `evidence/${plan.id}/`;
    const { outcome } = state;
    const finished = {
      evidenceFile,
      complete: outcome.gaps.length === 0,
      gaps: outcome.gaps,
      ...(outcome.uncounted > 0 ? { underCount: { counted: outcome.expected, read: outcome.kept } } : {}),
    };
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
