import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { AthenaRunPlan } from '../../core/engine/athena-run-plan.js';
import { athenaCostUsd } from '../../core/engine/choose-engine.js';
import type { AthenaStatementFacts, EngineFacts } from '../../core/engine/engine-facts.js';
import { unplacedEventGaps } from '../../core/engine/unplaced-event-gaps.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { ReportGap } from '../../core/report/report-model.js';
import { type AthenaScriptEntry, athenaScript } from '../../core/sql/trino/athena-script.js';
import { computeAthenaTable } from './athena-tables.js';
import { type SqlResult, sinkColumns, sinkFor, type TableOutput } from './sql-aggregation.js';

/** The project's tables Athena computed, what it could not place, and what ran. */
export interface AthenaProjectTables {
  /** One result per project statement of the plan, in plan order. */
  project: SqlResult[];
  /** Events whose `occurred` Athena could not read, per partition day (unplaced-event-gaps.ts). */
  gaps: ReportGap[];
  /** For summary.json: every execution, its bytes, the total and the cost. */
  engine: EngineFacts;
  /** `athena.sql`: the statements as sent, with their execution IDs and bytes. */
  script: string;
}

/**
 * The project statements of an Athena plan, run one after the other through `runner` and written
 * through the same table sinks as DuckDB's (athena-tables.ts); first the statement counting the
 * events Athena cannot place in time, whose days become gaps. Tenant statements are not run here.
 */
export async function computeAthenaProjectTables(input: {
  runner: AthenaQueryRunner;
  db: EvidenceDatabase;
  plan: Extract<AthenaRunPlan, { ok: true }>;
  queries: readonly QueryDefinition[];
  period: TimeWindow;
  lateDays: number;
  output: TableOutput;
  workGroup: string;
  reason: string;
}): Promise<AthenaProjectTables> {
  const { runner, plan } = input;
  const byId = new Map(input.queries.map((q) => [q.id, q]));
  const statements: AthenaStatementFacts[] = [];
  const entries: AthenaScriptEntry[] = [];

  const unplacedId = await runner.start(plan.unplaced.sql, plan.unplaced.token);
  const unplacedRun = await runner.wait(unplacedId);
  const unplaced: Array<{ day: string; events: number }> = [];
  for await (const chunk of runner.results(unplacedId).chunks)
    for (const [day, events] of chunk) unplaced.push({ day: String(day), events: Number(events) });
  const unplacedFacts = { queryId: 'unplaced-events', scope: 'project' as const, ...unplacedRun };
  statements.push(unplacedFacts);
  entries.push({ ...unplacedFacts, sql: plan.unplaced.sql });

  const project: SqlResult[] = [];
  for (const planned of plan.statements) {
    if (planned.scope !== 'project' || planned.kind !== 'table') continue;
    const query = byId.get(planned.queryId);
    if (!query) throw new Error(`The Athena plan names query ${planned.queryId}, which the catalog lacks`);
    const { sunk, execution } = await computeAthenaTable(
      runner,
      input.db,
      planned.statement,
      planned.token,
      (columns) => sinkFor(query, sinkColumns(query, columns), input.output, ''),
    );
    project.push({
      query,
      table: sunk.table,
      records: sunk.counted,
      csv: sunk.csv,
      sql: planned.statement.sql,
    });
    const facts = { queryId: query.id, scope: 'project' as const, ...execution };
    statements.push(facts);
    entries.push({ ...facts, sql: planned.statement.sql });
  }
  const bytes = statements.map((s) => s.bytesScanned);
  return {
    project,
    gaps: unplacedEventGaps(unplaced, input.period, input.lateDays),
    engine: {
      engine: 'athena',
      reason: input.reason,
      statements,
      bytesScanned: bytes.reduce((sum, b) => sum + b, 0),
      costUsd: athenaCostUsd(bytes),
    },
    script: athenaScript(input.workGroup, entries),
  };
}
