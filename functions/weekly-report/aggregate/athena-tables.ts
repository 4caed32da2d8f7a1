import type { AthenaExecution, AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { TrinoQuery } from '../../core/sql/trino/compile-trino-query.js';
import type { SunkTable, TableSink } from './table-sink.js';

/** A table Athena computed: what the sink made of it and the execution behind it. */
export interface AthenaTable {
  sunk: SunkTable;
  execution: AthenaExecution;
}

/**
 * Runs one Trino statement on Athena and streams its result pages into the table sink DuckDB's
 * rows go through (formula neutralisation, quoting, cell text), so the CSV has the same bytes
 * whichever engine computed it. `token` names the statement in the run (a retry reuses it).
 */
export async function computeAthenaTable(
  runner: AthenaQueryRunner,
  statement: TrinoQuery,
  token: string,
  sinkFor: (columns: string[]) => TableSink,
): Promise<AthenaTable> {
  const executionId = await runner.start(statement.sql, token);
  const execution = await runner.wait(executionId);
  const results = runner.results(executionId);
  const sink = sinkFor(statement.columns ?? (await results.columns()));
  for await (const chunk of results.chunks) await sink.add(chunk);
  return { sunk: await sink.finish(), execution };
}
