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
  loadCollection,
} from './collection-pass.js';
import type { SqlResult } from './sql-aggregation.js';
import { chooseWeekTenants } from './week-tenants.js';

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
        // A tenant statement Athena did not finish adds its own gap to the collection's.
        for (const t of list) {
          const gaps = [...finished.gaps, ...(t.gaps ?? [])];
          all.push({ ...t, ...finished, gaps, complete: gaps.length === 0 });
        }
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
    latestLoginGaps: input.athena?.logins?.gaps ?? [],
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
  if (onAthena) {
    const byTenant = input.athena?.tenants?.byCollection.get(plan.id) ?? new Map<string, SqlResult[]>();
    const logins = input.athena?.logins?.byCollection.get(plan.id) ?? new Map<string, number>();
    return { project: onAthena, byTenant, logins };
  }
  const loaded = chosen?.loaded.get(plan.id) ?? (await loadCollection(settings, plan, collection.parts));
  const aggregated = await computeCollection(settings, loaded, chosen?.census.reported);
  chosen?.loaded.delete(plan.id);
  return aggregated;
}

/**
 * Counts the week's tenants and chooses the reported ones: DuckDB's collections loaded (and kept
 * for their tables), Athena's counted by their census statements. The engine phase chose the same
 * tenants from the same counts before Athena's tenant statements ran; a different choice now would
 * give tenants tables they were not computed for, so it stops the run.
 */
async function chooseTenants(
  input: AggregateEvidenceInput,
  settings: CollectionPassSettings,
  choice: TenantChoice,
) {
  const onAthena = input.athena?.tenants;
  const chosen = await chooseWeekTenants(
    {
      plans: input.plans,
      evidenceOf: (plan) => collectionOf(input, plan),
      workDirectory: input.workDirectory,
      tableDirectory: input.tableDirectory,
      elsewhere: onAthena?.census,
      keep: true,
    },
    settings,
    choice,
  );
  if (onAthena && chosen.census.reported.join('\n') !== [...onAthena.reported].sort().join('\n')) {
    await Promise.all([...chosen.loaded.values()].map(dropCollection));
    throw new Error(
      "The week's tenant census chose other tenants than the run's Athena statements were planned for",
    );
  }
  return chosen;
}
