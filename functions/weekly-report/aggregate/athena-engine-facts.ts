import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import { athenaCostUsd } from '../../core/engine/choose-engine.js';
import type { AthenaStatementFacts, EngineFacts } from '../../core/engine/engine-facts.js';
import { unplacedEventGaps } from '../../core/engine/unplaced-event-gaps.js';
import type { ReportPeriod } from '../../core/period/period.js';
import type { ReportGap } from '../../core/report/report-model.js';
import type { StatementState } from '../run-control/engine-state.js';
import type { ChosenEngine } from './engine-phase.js';

/*
 * What a run on Athena states beside its tables: the engine facts (summary.json, the report's
 * "Computed by") and the gaps of events Athena could not place in time.
 */

/** A gap over the whole period, naming why. */
export const wholePeriod = (period: ReportPeriod, reason: string): ReportGap => ({
  from: period.from,
  to: period.to,
  reason,
  fetched: 0,
});

/** What summary.json and the report say about the engine: every execution, bytes, cost, what stayed on DuckDB. */
export function engineFacts(chosen: ChosenEngine): EngineFacts {
  const { state } = chosen;
  if (state.engine === 'duckdb') return { engine: 'duckdb', reason: state.reason, onDuckDb: state.onDuckDb };
  const statements: AthenaStatementFacts[] = state.statements.map((s) => ({
    queryId: s.queryId,
    scope: s.scope,
    kind: s.kind === 'table' ? undefined : s.kind,
    executionId: s.executionId ?? '',
    bytesScanned: s.bytesScanned ?? 0,
    failure: s.reason,
  }));
  const bytes = statements.map((s) => s.bytesScanned);
  return {
    engine: 'athena',
    reason: state.reason,
    statements,
    bytesScanned: bytes.reduce((sum, b) => sum + b, 0),
    costUsd: athenaCostUsd(bytes),
    onDuckDb: state.onDuckDb,
  };
}

/** The gaps of the events the unplaced statement counted (or one over the period when it did not finish). */
export async function unplacedGaps(
  runner: AthenaQueryRunner,
  statement: StatementState | undefined,
  period: ReportPeriod,
  lateDays: number,
): Promise<ReportGap[]> {
  if (statement?.state !== 'succeeded' || !statement.executionId)
    return [
      wholePeriod(
        period,
        `Athena could not count the stream events without a readable time (${statement?.reason ?? 'not run'}): some may be missing from this range`,
      ),
    ];
  const rows: Array<{ day: string; events: number }> = [];
  for await (const chunk of runner.results(statement.executionId).chunks)
    for (const [day, events] of chunk) rows.push({ day: String(day), events: Number(events) });
  return unplacedEventGaps(rows, period, lateDays);
}
