import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ReportCatalog } from '../../core/catalog/report-catalog.js';
import { runNeeds } from '../../core/engine/athena-collections.js';
import type { EngineFacts } from '../../core/engine/engine-facts.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { tenantChoice } from '../../core/report/tenant-selection.js';
import type { Checkpoint } from '../run-control/collection-checkpoint.js';
import type { PausedRun } from '../run-outcome.js';
import { type AggregatedReportData, aggregateEvidence } from './aggregate-evidence.js';
import { chosenEngineTables } from './athena-collection-tables.js';
import { type AthenaEngine, type EnginePhase, runEnginePhase } from './engine-phase.js';

/** What a run's compute steps share: its store, period, catalog and collections. */
export interface RunTablesScope {
  store: ReportStore;
  period: ReportPeriod;
  catalog: ReportCatalog;
  /** The period folder (the checkpoint is saved there). */
  prefix: string;
  plans: CollectionPlan[];
  checkpoint: Checkpoint;
  /** The revision folder the evidence parts are in (the tenant census reads DuckDB's collections there). */
  evidencePrefix: string;
}

/**
 * Chooses the run's engine once the week is collected and, on Athena, drives its statements
 * (engine-phase.ts); `done: false` when the invocation must hand over to a continuation.
 */
export function chooseRunEngine(
  scope: RunTablesScope,
  run: { runId: string; accessReview?: { enabled: boolean }; shouldContinue?: () => boolean },
  source: 'search' | 'stream',
  athena: AthenaEngine | undefined,
): Promise<EnginePhase> {
  const choice = tenantChoice(scope.catalog);
  return runEnginePhase({
    ...scope,
    engine: athena,
    source,
    runId: run.runId,
    needs: runNeeds(scope.catalog.tenants.enabled, run.accessReview),
    addressMinimum: scope.catalog.anomalyMinimumCount,
    shouldContinue: run.shouldContinue ?? (() => true),
    tenants: choice && { choice, evidencePrefix: scope.evidencePrefix },
  });
}

/** A run handing over to a continuation (collecting, or Athena computing), with how far it has come. */
export const pausedRun = (prefix: string, runId: string, checkpoint: Checkpoint): PausedRun => ({
  state: 'paused',
  prefix,
  runId,
  invocations: checkpoint.invocations,
  recordsKept: checkpoint.collections.reduce((sum, c) => sum + c.outcome.kept, 0),
});

/**
 * Every table of the run: Athena's collections read back from their executions, the rest computed
 * by DuckDB over the staged evidence; with the engine facts and `athena.sql` the project report states.
 */
export async function computeRunTables(
  scope: RunTablesScope,
  engine: Extract<EnginePhase, { done: true }>,
  athena: AthenaEngine | undefined,
  input: { evidencePrefix: string; tableDirectory: string; loginsOf?: string[] },
): Promise<{ aggregated: AggregatedReportData; facts?: EngineFacts; script?: string }> {
  const { catalog } = scope;
  const output = { directory: input.tableDirectory, addressMinimum: catalog.anomalyMinimumCount };
  const computed = await chosenEngineTables(engine.chosen, athena, {
    queries: catalog.queries,
    period: scope.period,
    output,
    loginsOf: input.loginsOf,
  });
  const aggregated = await aggregateEvidence({
    store: scope.store,
    period: scope.period,
    prefix: input.evidencePrefix,
    plans: scope.plans,
    queries: catalog.queries,
    checkpoint: scope.checkpoint,
    tableDirectory: input.tableDirectory,
    sqlLimits: catalog.sqlLimits,
    // Which tenants get a report is decided for the week before any per-tenant work.
    tenants: tenantChoice(catalog),
    loginsOf: input.loginsOf,
    addressMinimum: catalog.anomalyMinimumCount,
    athena: computed.athena,
  });
  return { aggregated, facts: computed.facts, script: computed.script };
}
