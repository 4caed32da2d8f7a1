import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import type { QueryResult } from '../../core/report/report-model.js';
import type { TenantChoice } from '../../core/report/tenant-selection.js';
import { emptyTable, isCustomSqlQuery } from '../../core/sql/compile-query.js';
import {
  type AggregatedReportData,
  type AggregateEvidenceInput,
  type CollectedEvidence,
  collectionOf,
} from './aggregate-evidence-input.js';
import {
  type CollectionPassSettings,
  computeCollection,
  dropCollection,
  type LoadedCollection,
  loadCollection,
} from './collection-pass.js';
import { openTenantCensus } from './tenant-census.js';

export type {
  AggregatedReportData,
  AggregateEvidenceInput,
  CollectedEvidence,
  TenantCollection,
} from './aggregate-evidence-input.js';

type Finished = Pick<QueryResult, 'evidenceFile' | 'complete' | 'gaps' | 'underCount'>;

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
  const latestLogins = new Map<string, number>();
  const collected: Array<{ queries: QueryDefinition[]; finished: Finished }> = [];
  const settings: CollectionPassSettings = {
    store: input.store,
    period: input.period,
    clipToPeriod: input.collections !== undefined,
    workDirectory: input.workDirectory,
    limits: input.limits,
    sqlLimits: input.sqlLimits,
    loginsOf: input.loginsOf,
    output: {
      ...(input.tableDirectory ? { directory: input.tableDirectory } : {}),
      ...(input.addressMinimum !== undefined ? { addressMinimum: input.addressMinimum } : {}),
    },
  };
  // With tenant reports, every collection is loaded and its tenants counted before any per-tenant
  // work, so which tenants get a report is decided once, for the whole week.
  const chosen = input.tenants ? await chooseTenants(input, settings, input.tenants) : undefined;
  try {
    for (const plan of input.plans) {
      const collection = collectionOf(input, plan);
      const aggregated = await computedOn(input, settings, plan, collection, chosen);
      evidence.push(...collection.entries);
      // Athena's gaps (events it could not place in time) hold for every collection it computed.
      const gaps = [
        ...collection.gaps,
        ...(input.athena?.byCollection.has(plan.id) ? input.athena.gaps : []),
      ];
      const finished: Finished = {
        evidenceFile: collection.evidenceFile,
        complete: gaps.length === 0,
        gaps,
        ...(collection.underCount ? { underCount: collection.underCount } : {}),
      };
      collected.push({ queries: plan.queries, finished });
      for (const result of aggregated.project) {
        // A custom statement that failed adds its own gap to the collection's.
        const gaps = [...finished.gaps, ...(result.gaps ?? [])];
        results.push({ ...result, ...finished, gaps, complete: gaps.length === 0 });
      }
      for (const [tenant, list] of aggregated.byTenant) {
        const all = tenantResults.get(tenant) ?? [];
        all.push(...list.map((t) => ({ ...t, ...finished })));
        tenantResults.set(tenant, all);
      }
      for (const [userId, occurred] of aggregated.logins)
        latestLogins.set(userId, Math.max(occurred, latestLogins.get(userId) ?? 0));
    }
  } finally {
    await Promise.all([...(chosen?.loaded.values() ?? [])].map(dropCollection));
  }
  // A tenant first seen in a later collection still gets (empty) results for the earlier ones.
  for (const list of tenantResults.values()) {
    for (const { queries, finished } of collected) {
      for (const query of queries) {
        if (isCustomSqlQuery(query) || list.some((r) => r.query.id === query.id)) continue;
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
  return {
    results,
    evidence,
    tenantResults,
    rejectedTenants: chosen?.census.rejected ?? new Map(),
    notReportedTenants: chosen?.census.notReported,
    latestLogins,
  };
}

/** A collection's tables: Athena's when it computed them, else DuckDB's over the staged evidence. */
async function computedOn(
  input: AggregateEvidenceInput,
  settings: CollectionPassSettings,
  plan: CollectionPlan,
  collection: CollectedEvidence,
  chosen: Awaited<ReturnType<typeof chooseTenants>> | undefined,
) {
  const onAthena = input.athena?.byCollection.get(plan.id);
  if (onAthena)
    return { project: onAthena, byTenant: new Map<string, never[]>(), logins: new Map<string, number>() };
  const loaded = chosen?.loaded.get(plan.id) ?? (await loadCollection(settings, plan, collection.parts));
  const aggregated = await computeCollection(settings, loaded, chosen?.census.reported);
  chosen?.loaded.delete(plan.id);
  return aggregated;
}

/** Loads every collection, counting its tenants into the census, and chooses the reported tenants. */
async function chooseTenants(
  input: AggregateEvidenceInput,
  settings: CollectionPassSettings,
  choice: TenantChoice,
) {
  const directory = await mkdtemp(join(input.workDirectory ?? tmpdir(), 'tenant-census-'));
  const loaded = new Map<string, LoadedCollection>();
  try {
    const census = await openTenantCensus(directory);
    try {
      for (const plan of input.plans) {
        const { parts } = collectionOf(input, plan);
        loaded.set(plan.id, await loadCollection(settings, plan, parts, census.add));
      }
      return { loaded, census: await census.choose(choice, input.tableDirectory) };
    } finally {
      census.close();
    }
  } catch (error) {
    await Promise.all([...loaded.values()].map(dropCollection));
    throw error;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
