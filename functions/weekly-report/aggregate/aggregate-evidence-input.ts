import type { QueryEngineLimits } from '../../adapters/duckdb-query-engine.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ManifestEntry } from '../../core/integrity/manifest.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { QueryResult, ReportGap } from '../../core/report/report-model.js';
import type { TenantsNotReported } from '../../core/report/tenant-coverage.js';
import type { TenantChoice } from '../../core/report/tenant-selection.js';
import type { SqlLimits } from '../../core/sql/sql-limits.js';
import type { Checkpoint } from '../run-control/collection-checkpoint.js';
import type { AthenaComputed } from './athena-collection-tables.js';
import type { EvidencePart } from './evidence-reader.js';

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
  /** What `latestLogins` lacks (an Athena statement not finished), each a sentence the access review states. */
  latestLoginGaps?: string[];
}

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

/** Where a collection's evidence is: the rollup's `collections`, or the run's checkpoint under `prefix`. */
export function collectionOf(input: AggregateEvidenceInput, plan: CollectionPlan): CollectedEvidence {
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
