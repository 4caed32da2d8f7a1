import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryEngineLimits } from '../../adapters/duckdb-query-engine.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { QueryResult, ReportGap, TenantsNotReported } from '../../core/report/report-model.js';
import type { TenantChoice } from '../../core/report/tenant-selection.js';
import { emptyTable, isCustomSqlQuery } from '../../core/sql/compile-query.js';
import type { SqlLimits } from '../../core/sql/sql-limits.js';
import type { Checkpoint } from '../run-control/collection-checkpoint.js';
import type { AthenaComputed } from './athena-collection-tables.js';
import {
  type CollectionPassSettings,
  computeCollection,
  dropCollection,
  type LoadedCollection,
  loadCollection,
} from './collection-pass.js';
import type { EvidencePart } from './evidence-reader.js';
import { openTenantCensus } from './tenant-census.js';

/** Per-tenant aggregation over the same evidence (no extra searches), for the tenants chosen first. */
export type TenantCollection = TenantChoice;

/**
 * One collection's stored evidence, from one week or several: the parts to read (bucket keys), what
 * the manifest lists for them, and what is known to be missing.
 */
export interface CollectedEvidence {
  parts: EvidencePart[];
  /** Manifest entries of the parts, relative to the report's folder (none when they live in other folders). */
  entries: ManifestEntry[];
  /** The evidence file (or folder) the report names for the collection. */
  evidenceFile: string;
  gaps: ReportGap[];
  underCount?: { counted: number; read: number };
}

export interface AggregateEvidenceInput {
  store: ReportStore;
  period: ReportPeriod;
  plans: CollectionPlan[];
  queries: readonly QueryDefinition[];
  tenants?: TenantCollection;
  /** One run's evidence: the parts its checkpoint lists under `prefix`. */
  prefix?: string;
  checkpoint?: Checkpoint;
  /**
   * Several weeks' evidence instead (a rollup), by collection id; records outside `period` are
   * left out. A collection without an entry has no evidence: its results are empty.
   */
  collections?: ReadonlyMap<string, CollectedEvidence>;
  /** Where evidence is staged and DuckDB spills (the Lambda's `/tmp`). @default os.tmpdir() */
  workDirectory?: string;
  /** DuckDB's memory and threads. */
  limits?: QueryEngineLimits;
  /** The limits each custom SQL statement runs under, in its own sandbox. @default CUSTOM_SQL_LIMITS */
  sqlLimits?: SqlLimits;
  /** Users whose latest successful login in the evidence is wanted (the access review's). */
  loginsOf?: readonly string[];
  /**
   * Where each table's CSV is written as DuckDB streams it (the caller removes it once stored);
   * only the rows the report reads stay in memory. Without it every row stays in memory.
   */
  tableDirectory?: string;
  /** The address-spike rule's minimum (`anomalyMinimumCount`): smaller addresses are only counted. */
  addressMinimum?: number;
  /** Collections Athena computed (engine-phase.ts): never staged into the function's DuckDB. */
  athena?: AthenaComputed;
}

export interface AggregatedReportData {
  results: QueryResult[];
  evidence: ManifestEntry[];
  /** Tenant ID → its results, in catalog order (empty when tenants are off). */
  tenantResults: Map<string, QueryResult[]>;
  /** Tenant IDs refused as folder names → records naming them. */
  rejectedTenants: Map<string, number>;
  /** Tenants past `maxReports` (when tenant reports are on). */
  notReportedTenants?: TenantsNotReported;
  /** User ID → latest successful login in the evidence, for the users of `loginsOf` who have one. */
  latestLogins: Map<string, number>;
}

type Finished = Pick<QueryResult, 'evidenceFile' | 'complete' | 'gaps' | 'underCount'>;

/** A collection's evidence as one run's checkpoint records it. */
function fromCheckpoint(prefix: string, checkpoint: Checkpoint, plan: CollectionPlan): CollectedEvidence {
  const state = checkpoint.collections.find((c) => c.id === plan.id);
  if (!state) throw new Error(`Collection ${plan.id} has no state in the checkpoint`);
  const { outcome } = state;
  return {
    parts: state.parts.map((p) => ({ key: `${prefix}${p.name}`, bytes: p.bytes, sha256: p.sha256 })),
    entries: state.parts.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })),
    evidenceFile: state.parts.length === 1 ? (state.parts[0]?.name ?? '') : `evidence/${plan.id}/`,
    gaps: outcome.gaps,
    ...(outcome.uncounted > 0 ? { underCount: { counted: outcome.expected, read: outcome.kept } } : {}),
  };
}

function collectionOf(input: AggregateEvidenceInput, plan: CollectionPlan): CollectedEvidence {
  if (input.collections) {
    return (
      input.collections.get(plan.id) ?? {
        parts: [],
        entries: [],
        evidenceFile: `evidence/${plan.id}/`,
        gaps: [],
      }
    );
  }
  if (input.prefix === undefined || !input.checkpoint) {
    throw new Error('aggregateEvidence needs a prefix and checkpoint, or collections');
  }
  return fromCheckpoint(input.prefix, input.checkpoint, plan);
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
