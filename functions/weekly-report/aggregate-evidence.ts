import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEvidenceDatabase, type QueryEngineLimits } from '../adapters/duckdb-query-engine.js';
import type { ReportStore } from '../adapters/report-store.js';
import type { ManifestEntry } from '../core/manifest.js';
import type { ReportPeriod } from '../core/period.js';
import type { QueryDefinition } from '../core/query-definition.js';
import type { CollectionPlan } from '../core/query-plan.js';
import type { QueryResult } from '../core/report-model.js';
import { emptyTable } from '../core/sql/compile-query.js';
import type { Checkpoint } from './collection-checkpoint.js';
import { computeCollectionTables } from './collection-tables.js';
import { type EvidencePart, readEvidence } from './evidence-reader.js';
import { stageEvidence } from './stage-evidence.js';

/** Per-tenant aggregation over the same evidence (no extra searches). */
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
  /** Where evidence is staged and DuckDB spills (the Lambda's `/tmp`). @default os.tmpdir() */
  workDirectory?: string;
  /** DuckDB's memory and threads. */
  limits?: QueryEngineLimits;
}

export interface AggregatedReportData {
  results: QueryResult[];
  evidence: ManifestEntry[];
  /** Tenant ID → its results, in catalog order (empty when tenants are off). */
  tenantResults: Map<string, QueryResult[]>;
  /** Tenant IDs refused as folder names → records naming them. */
  rejectedTenants: Map<string, number>;
}

type Finished = Pick<QueryResult, 'evidenceFile' | 'complete' | 'gaps' | 'underCount'>;

/** One collection's evidence through DuckDB (and the role-change expansions, read in code). */
async function aggregateCollection(
  input: AggregateEvidenceInput,
  plan: CollectionPlan,
  parts: EvidencePart[],
) {
  const directory = await mkdtemp(join(input.workDirectory ?? tmpdir(), 'evidence-'));
  try {
    const files = await stageEvidence(input.store, parts, join(directory, 'evidence'));
    const db = await openEvidenceDatabase(files, directory, input.limits);
    try {
      return await computeCollectionTables(
        db,
        () => readEvidence(input.store, parts),
        plan.queries,
        input.period,
        input.tenants,
      );
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Phase two of a run: every query's numbers (and each tenant's share). Each collection's stored
 * parts are staged to local disk (size and SHA-256 checked against the checkpoint) and loaded into
 * DuckDB, which runs the catalog's SQL with bounded memory, spilling to disk; an auditor can re-run
 * the same SQL on the same files.
 */
export async function aggregateEvidence(input: AggregateEvidenceInput): Promise<AggregatedReportData> {
  const results: QueryResult[] = [];
  const evidence: ManifestEntry[] = [];
  const tenantResults = new Map<string, QueryResult[]>();
  const rejectedTenants = new Map<string, number>();
  const collected: Array<{ queries: QueryDefinition[]; finished: Finished }> = [];
  for (const plan of input.plans) {
    const state = input.checkpoint.collections.find((c) => c.id === plan.id);
    if (!state) throw new Error(`Collection ${plan.id} has no state in the checkpoint`);
    const parts = state.parts.map((p) => ({
      key: `${input.prefix}${p.name}`,
      bytes: p.bytes,
      sha256: p.sha256,
    }));
    const aggregated = await aggregateCollection(input, plan, parts);
    evidence.push(...state.parts.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));
    const evidenceFile = state.parts.length === 1 ? (state.parts[0]?.name ?? '') : `evidence/${plan.id}/`;
    const { outcome } = state;
    const finished: Finished = {
      evidenceFile,
      complete: outcome.gaps.length === 0,
      gaps: outcome.gaps,
      ...(outcome.uncounted > 0 ? { underCount: { counted: outcome.expected, read: outcome.kept } } : {}),
    };
    collected.push({ queries: plan.queries, finished });
    for (const result of aggregated.project) results.push({ ...result, ...finished });
    for (const [tenant, list] of aggregated.byTenant) {
      const all = tenantResults.get(tenant) ?? [];
      all.push(...list.map((t) => ({ ...t, ...finished })));
      tenantResults.set(tenant, all);
    }
    for (const [tenant, count] of aggregated.rejected) {
      rejectedTenants.set(tenant, (rejectedTenants.get(tenant) ?? 0) + count);
    }
  }
  // A tenant first seen in a later collection still gets (empty) results for the earlier ones.
  for (const list of tenantResults.values()) {
    for (const { queries, finished } of collected) {
      for (const query of queries) {
        if (list.some((r) => r.query.id === query.id)) continue;
        list.push({ query, table: emptyTable(query, input.period), records: 0, ...finished });
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
