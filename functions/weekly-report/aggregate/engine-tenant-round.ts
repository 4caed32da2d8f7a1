import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { ReportStore } from '../../adapters/report-store.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { PlannedStatement } from '../../core/engine/athena-run-plan.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { TenantChoice } from '../../core/report/tenant-selection.js';
import type { Checkpoint } from '../run-control/collection-checkpoint.js';
import type { EngineState, StatementState } from '../run-control/engine-state.js';
import { collectionOf } from './aggregate-evidence-input.js';
import { athenaCensus } from './athena-tenant-collections.js';
import { chooseWeekTenants } from './week-tenants.js';

/*
 * The second round of a run on Athena with tenant reports. The first round holds the census
 * statements (their tokens do not depend on the tenants); once they have ended, the week's tenants
 * are chosen from DuckDB's and Athena's counts merged, saved in the checkpoint, and the tenants
 * statements for exactly those tenants join the plan. A continued invocation reads the saved
 * tenants: it never recounts, and its plan is the same.
 */

/** Statements not started yet, as the checkpoint holds them. */
export const pendingStatements = (statements: readonly PlannedStatement[]): StatementState[] =>
  statements.map((s) => ({
    token: s.token,
    queryId: s.queryId,
    scope: s.scope,
    kind: s.kind,
    state: 'pending' as const,
  }));

/** What choosing the run's tenants reads: the collected evidence and Athena's census results. */
export interface TenantRoundInput {
  store: ReportStore;
  period: ReportPeriod;
  plans: readonly CollectionPlan[];
  checkpoint: Checkpoint;
  /** The revision folder the evidence parts are in. */
  evidencePrefix: string;
  choice: TenantChoice;
  runner: AthenaQueryRunner;
  workDirectory?: string;
}

/**
 * Chooses the week's reported tenants once Athena's census statements have ended: DuckDB counts
 * the collections it computes (loaded from their evidence, then dropped), Athena's census results
 * are added, and the census chooses as DuckDB alone would (tenant-census.ts).
 */
export async function chooseRunTenants(
  input: TenantRoundInput,
  state: EngineState,
  onAthena: readonly CollectionPlan[],
): Promise<string[]> {
  const evidence = {
    store: input.store,
    period: input.period,
    plans: [...input.plans],
    queries: [],
    prefix: input.evidencePrefix,
    checkpoint: input.checkpoint,
  };
  const settings = { store: input.store, period: input.period, clipToPeriod: false, output: {} };
  const chosen = await chooseWeekTenants(
    {
      plans: input.plans,
      evidenceOf: (plan) => collectionOf(evidence, plan),
      workDirectory: input.workDirectory,
      elsewhere: athenaCensus(input.runner, state.statements, onAthena),
      keep: false,
    },
    settings,
    input.choice,
  );
  return chosen.census.reported;
}

/** Adds the statements of `planned` the checkpoint does not hold yet (the tenants round) as pending. */
export function addRound(state: EngineState, planned: readonly PlannedStatement[]): void {
  const known = new Set(state.statements.map((s) => s.token));
  state.statements.push(...pendingStatements(planned.filter((s) => !known.has(s.token))));
}
