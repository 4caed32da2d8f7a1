import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { ReportPeriod } from '../../core/period/period.js';
import { emptyTable, isCustomSqlQuery } from '../../core/sql/compile-query.js';
import type { StatementState } from '../run-control/engine-state.js';
import { wholePeriod } from './athena-engine-facts.js';
import { addAthenaCensus, athenaAddressTotals, athenaRecordCounts } from './athena-result-reads.js';
import { sinkAthenaTenantTables } from './athena-tenant-tables.js';
import type { SqlResult, TableOutput } from './sql-aggregation.js';
import type { AddCensusCounts, CensusElsewhere } from './week-tenants.js';

/** A finished statement's execution ID, or undefined when Athena did not finish it. */
export const finishedId = (statement: StatementState | undefined) =>
  statement?.state === 'succeeded' && statement.executionId ? statement.executionId : undefined;

/**
 * The census of the collections Athena computes, read from their `census` statements. A census
 * Athena did not finish stops the run: the week's tenant choice cannot be made without its counts,
 * and a choice made without them would silently leave tenants out.
 */
export function athenaCensus(
  runner: AthenaQueryRunner,
  statements: readonly StatementState[],
  collections: readonly CollectionPlan[],
): CensusElsewhere {
  const census = statements.filter((s) => s.kind === 'census');
  return {
    collections: new Set(collections.map((c) => c.id)),
    async addCensus(add: AddCensusCounts) {
      for (const collection of collections) {
        const statement = census.find((s) => s.queryId === collection.id);
        const executionId = finishedId(statement);
        if (executionId === undefined)
          throw new Error(
            `Athena did not count the tenants of collection ${collection.id} (query ${statement?.executionId ?? 'not started'}: ${statement?.reason ?? 'no census statement'}); the week's tenant reports cannot be chosen`,
          );
        await addAthenaCensus(runner, executionId, add);
      }
    },
  };
}

/** Every reported tenant's empty table and a gap naming the statement Athena did not finish. */
function unfinished(
  query: QueryDefinition,
  failed: StatementState | undefined,
  reported: readonly string[],
  period: ReportPeriod,
): Map<string, SqlResult> {
  const reason = `Athena did not compute this tenant table (query ${failed?.executionId ?? 'not started'}: ${failed?.reason ?? 'no statement'}); it is empty, not zero`;
  const gap = wholePeriod(period, reason);
  return new Map(
    reported.map((t) => [t, { query, table: emptyTable(query, period), records: 0, gaps: [gap] }]),
  );
}

/**
 * Each reported tenant's tables of one collection Athena computed, in the collection's query order
 * (a statement written in SQL has none, as on DuckDB): each query's `tenants` statement streamed
 * into the tenants' sinks (`tenants/<id>/`, athena-tenant-tables.ts) with the record counts and
 * address totals of its other statements. A statement Athena did not finish gives every tenant an
 * empty table with a gap, never a missing table.
 */
export async function athenaTenantTables(input: {
  runner: AthenaQueryRunner;
  db: EvidenceDatabase;
  /** The collection's queries as defined (Athena ran them with the collection's filter added). */
  queries: readonly QueryDefinition[];
  /** The run's tenants statements by query and kind. */
  statements: ReadonlyMap<string, Partial<Record<StatementState['kind'], StatementState>>>;
  reported: readonly string[];
  period: ReportPeriod;
  output: TableOutput;
}): Promise<Map<string, SqlResult[]>> {
  const { runner, reported } = input;
  const byTenant = new Map<string, SqlResult[]>(reported.map((t) => [t, []]));
  for (const query of input.queries.filter((q) => !isCustomSqlQuery(q))) {
    const of = input.statements.get(query.id) ?? {};
    const needed = Object.values(of);
    const missing = needed.find((s) => finishedId(s) === undefined);
    const table = finishedId(of.table);
    const counts = finishedId(of['record-count']);
    const totals = finishedId(of['address-totals']);
    const tables =
      table === undefined || missing
        ? unfinished(query, missing ?? of.table, reported, input.period)
        : await sinkAthenaTenantTables(
            runner,
            input.db,
            {
              query,
              executionId: table,
              recordCounts: counts === undefined ? undefined : await athenaRecordCounts(runner, counts),
              addressTotals: totals === undefined ? undefined : await athenaAddressTotals(runner, totals),
            },
            reported,
            input.output,
          );
    for (const [tenant, result] of tables) byTenant.get(tenant)?.push(result);
  }
  return byTenant;
}
