import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import { filterConditions, type RunNeeds, splitCollections } from '../../core/engine/athena-collections.js';
import { type PartitionSize, partitionDays } from '../../core/engine/athena-cost-guard.js';
import { type AthenaRunPlan, planAthenaRun } from '../../core/engine/athena-run-plan.js';
import { chooseEngine, type EngineSetting } from '../../core/engine/choose-engine.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import { mayHoldLogins } from '../../core/sql/latest-logins-sql.js';
import type { StreamTable } from '../../core/sql/trino/stream-records-trino.js';
import { AthenaCostGuardError } from '../../shared/athena-errors.js';
import { type Checkpoint, saveCheckpoint } from '../run-control/collection-checkpoint.js';
import type { EngineState } from '../run-control/engine-state.js';
import { type AdvanceAthenaInput, advanceAthenaStatements } from './athena-statements.js';
import {
  addRound,
  chooseRunTenants,
  pendingStatements,
  type TenantRoundInput,
} from './engine-tenant-round.js';

/** The Athena engine of a run on the stream (`ENGINE`, `ATHENA_*` settings) and how to size the week. */
export interface AthenaEngine {
  setting: EngineSetting;
  /** Stream bytes above which `auto` chooses Athena. */
  thresholdBytes: number;
  /** Bytes one statement may scan: a plan above it is refused before any statement. */
  cutoffBytes: number;
  runner: AthenaQueryRunner;
  workGroup: string;
  table: StreamTable;
  /** Days after an event its object may still land (the stream source's `lateDays`). */
  lateDays: number;
  /** The stream's day partitions that may hold `window`'s events, with their objects' bytes. */
  partitionSizes(window: TimeWindow, lateDays: number): Promise<PartitionSize[]>;
  /** Concurrency and polling of the statements (tests poll fast). */
  advance?: Pick<AdvanceAthenaInput, 'concurrency' | 'poll' | 'sleep'>;
}

/** The engine a run computes with, once its Athena statements (if any) have all ended. */
export interface ChosenEngine {
  state: EngineState;
  /** Athena only: the statements' plan (the same every invocation computes) and the collections it covers. */
  athena?: { plan: Extract<AthenaRunPlan, { ok: true }>; collections: CollectionPlan[] };
}

export interface EnginePhaseInput {
  engine: AthenaEngine | undefined;
  source: 'search' | 'stream';
  store: ReportStore;
  /** The period folder the checkpoint is saved in. */
  prefix: string;
  checkpoint: Checkpoint;
  runId: string;
  period: ReportPeriod;
  plans: readonly CollectionPlan[];
  needs: RunNeeds;
  /** The address-spike rule's minimum (the totals statement's). */
  addressMinimum: number;
  shouldContinue: () => boolean;
  /** With tenant reports: the catalog's choice and where the evidence is (engine-tenant-round.ts). */
  tenants?: Omit<TenantRoundInput, 'runner' | 'store' | 'period' | 'plans' | 'checkpoint'>;
}

/** `done: false` when the invocation must hand over while Athena computes (continue the run). */
export type EnginePhase = { done: false } | { done: true; chosen?: ChosenEngine };

const UNPLACED = 'unplaced-events';

/** A collection's search filter as its census (or latest-logins) statement's conditions. */
const censusOf = (c: CollectionPlan) => {
  const filtered = filterConditions(c.filter);
  return { collection: c.id, where: filtered.ok ? filtered.where : [] };
};

/**
 * The run's Athena statements: the same text and tokens in every invocation (sizes only price
 * them); with tenant reports, the census statements and, once chosen, the tenants' statements.
 */
function planOf(
  input: EnginePhaseInput,
  engine: AthenaEngine,
  collections: CollectionPlan[],
  sizes: PartitionSize[],
  cutoff: number,
  tenants?: readonly string[],
) {
  return planAthenaRun({
    runId: input.runId,
    queries: collections.flatMap((c) => c.queries),
    period: input.period,
    // No tenant chosen: no tenants statement to pay for.
    tenants: tenants?.length ? tenants : undefined,
    census: input.tenants ? collections.map(censusOf) : undefined,
    // The access review's latest logins, from each collection that may hold successful logins.
    logins: input.needs.latestLogins ? collections.filter(mayHoldLogins).map(censusOf) : undefined,
    table: engine.table,
    lateDays: engine.lateDays,
    sizes,
    cutoffBytes: cutoff,
    addressMinimum: input.addressMinimum,
  });
}

/** Chooses the engine from the week's size and, for Athena, plans the statements (refused over the cutoff). */
async function choose(input: EnginePhaseInput, engine: AthenaEngine): Promise<EngineState> {
  const sizes = await engine.partitionSizes(input.period, engine.lateDays);
  const days = new Set(partitionDays(input.period, engine.lateDays));
  const streamBytes = sizes.filter((s) => days.has(s.day)).reduce((sum, s) => sum + s.bytes, 0);
  const records = input.checkpoint.collections.reduce((sum, c) => sum + c.outcome.kept, 0);
  const choice = chooseEngine(engine.setting, { streamBytes, records }, engine.thresholdBytes, input.source);
  if (choice.engine === 'duckdb') return { ...choice, onDuckDb: [], statements: [] };
  const split = splitCollections(input.plans, input.needs);
  if (split.onAthena.length === 0)
    return {
      engine: 'duckdb',
      reason: `${choice.reason}, but no collection can be computed on Athena`,
      onDuckDb: split.onDuckDb,
      statements: [],
    };
  const plan = planOf(input, engine, split.onAthena, sizes, engine.cutoffBytes);
  if (!plan.ok) throw new AthenaCostGuardError(plan.problem);
  return {
    ...choice,
    onDuckDb: split.onDuckDb,
    statements: [
      { token: plan.unplaced.token, queryId: UNPLACED, scope: 'project', kind: 'table', state: 'pending' },
      ...pendingStatements(plan.statements),
    ],
  };
}

/**
 * Between collection and computing: the engine is chosen once for the run (the setting and the
 * period's stream bytes against the threshold) and saved in the checkpoint; on Athena the
 * statements are started and polled, across invocations, until all have ended. Without an Athena
 * engine configured nothing is chosen (DuckDB computes, as it always has).
 */
export async function runEnginePhase(input: EnginePhaseInput): Promise<EnginePhase> {
  const { engine, checkpoint } = input;
  if (!engine) return { done: true };
  if (!checkpoint.engine) {
    checkpoint.engine = await choose(input, engine);
    await saveCheckpoint(input.store, input.prefix, checkpoint);
  }
  const state = checkpoint.engine;
  if (state.engine === 'duckdb') return { done: true, chosen: { state } };
  const split = splitCollections(input.plans, input.needs);
  const planned = () => {
    const plan = planOf(input, engine, split.onAthena, [], Number.MAX_SAFE_INTEGER, state.tenants);
    if (!plan.ok) throw new AthenaCostGuardError(plan.problem);
    return plan;
  };
  const save = () => saveCheckpoint(input.store, input.prefix, checkpoint);
  if (!(await advance(input, engine, state, planned(), save))) return { done: false };
  if (input.tenants && state.tenants === undefined) {
    // Round two: the tenants chosen from the merged census, saved, then their statements.
    state.tenants = await chooseRunTenants(
      { ...input, ...input.tenants, runner: engine.runner },
      state,
      split.onAthena,
    );
    addRound(state, planned().statements);
    await save();
    if (!(await advance(input, engine, state, planned(), save))) return { done: false };
  }
  return { done: true, chosen: { state, athena: { plan: planned(), collections: split.onAthena } } };
}

/** Starts and polls the plan's statements until all have ended (true) or the invocation hands over. */
function advance(
  input: EnginePhaseInput,
  engine: AthenaEngine,
  state: EngineState,
  plan: Extract<AthenaRunPlan, { ok: true }>,
  save: () => Promise<void>,
): Promise<boolean> {
  const sql = new Map([
    [plan.unplaced.token, plan.unplaced.sql],
    ...plan.statements.map((s) => [s.token, s.statement.sql] as const),
  ]);
  return advanceAthenaStatements({
    ...engine.advance,
    runner: engine.runner,
    state,
    sqlOf: (token) => {
      const text = sql.get(token);
      if (text === undefined)
        throw new Error(`The checkpoint names an Athena statement ${token} the plan lacks`);
      return text;
    },
    save,
    shouldContinue: input.shouldContinue,
  });
}
