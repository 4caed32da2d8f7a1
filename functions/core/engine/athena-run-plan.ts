import type { QueryDefinition, RecordCondition } from '../catalog/query-definition.js';
import type { TimeWindow } from '../records/audit-record.js';
import { type AthenaStatementKind, athenaStatements } from '../sql/trino/athena-statements.js';
import type { TrinoQuery } from '../sql/trino/compile-trino-query.js';
import { latestLoginsTrino } from '../sql/trino/latest-logins-trino.js';
import {
  type StreamTable,
  streamRecordsTrino,
  streamUnplacedTrino,
} from '../sql/trino/stream-records-trino.js';
import { collectionCensusTrino } from '../sql/trino/tenant-census-trino.js';
import { costGuardProblem, estimateScan, type PartitionSize, partitionDays } from './athena-cost-guard.js';

/** One statement of an Athena run. */
export interface PlannedStatement {
  queryId: string;
  scope: 'project' | 'tenants';
  /** A query's table, the address totals a finding reads, or an expansion's record count. */
  kind: AthenaStatementKind;
  statement: TrinoQuery;
  /**
   * Athena's `ClientRequestToken` (32–128 characters): the same run, query and scope always give
   * the same token, so a retried or continued invocation reuses the execution instead of paying twice.
   */
  token: string;
}

/** What a run on Athena will do, or why it must not start. */
export type AthenaRunPlan =
  | {
      ok: true;
      statements: PlannedStatement[];
      /**
       * Counts, per partition day, the events whose `occurred` Athena cannot read (they are not in
       * `records`): the run reports them as gaps (unplaced-event-gaps.ts), never drops them unseen.
       */
      unplaced: { sql: string; token: string };
      /** Queries DuckDB computes over their own collection, and why not Athena. */
      onDuckDb: Array<{ queryId: string; scope: 'project' | 'tenants'; reason: string }>;
      bytesPerStatement: number;
    }
  | { ok: false; problem: string };

/**
 * The statements of a run on Athena over the stream table: every query the Trino dialect emits,
 * for the project and (with `tenants`) the tenants, with the address totals the findings read and
 * an expansion's record count (athena-statements.ts), each reading the period's partitions; refused
 * before any statement when one would scan more than `cutoffBytes` (sizes from the listing).
 */
export function planAthenaRun(input: {
  runId: string;
  queries: readonly QueryDefinition[];
  period: TimeWindow;
  tenants: readonly string[] | undefined;
  table: StreamTable;
  lateDays: number;
  sizes: readonly PartitionSize[];
  cutoffBytes: number;
  /** The address-spike rule's minimum (`anomalyMinimumCount`). @default 0 */
  addressMinimum?: number;
  /**
   * With tenant reports: the collections Athena computes, each with its search filter as
   * conditions (`filterConditions`), for their census statements (kind `census`). @default none
   */
  census?: ReadonlyArray<{ collection: string; where: readonly RecordCondition[] }>;
  /**
   * With the access review on: the collections Athena computes that may hold successful logins,
   * each with its search filter as conditions, for their `latest-logins` statements. @default none
   */
  logins?: ReadonlyArray<{ collection: string; where: readonly RecordCondition[] }>;
}): AthenaRunPlan {
  const days = partitionDays(input.period, input.lateDays);
  const relations = {
    records: streamRecordsTrino(input.table, input.period, days),
    tenants: input.tenants ?? [],
  };
  const planned = athenaStatements({
    queries: input.queries,
    period: input.period,
    records: relations.records,
    tenants: input.tenants,
    addressMinimum: input.addressMinimum ?? 0,
  });
  const statements: PlannedStatement[] = planned.statements.map(({ queryId, scope, kind, sql, columns }) => ({
    queryId,
    scope,
    kind,
    statement: { sql, columns },
    // A table's token is its query and scope alone (as before kinds), the others name their kind.
    token: requestToken(`${input.runId}:${queryId}:${scope}${kind === 'table' ? '' : `:${kind}`}`),
  }));
  // A collection's census and latest logins: the token is the collection and kind alone, the same
  // in every invocation, whichever tenants are chosen and whatever the directory read (no user named).
  const perCollection =
    (kind: 'census' | 'latest-logins', sqlOf: typeof collectionCensusTrino) =>
    ({ collection, where }: { collection: string; where: readonly RecordCondition[] }) => ({
      queryId: collection,
      scope: 'project' as const,
      kind,
      statement: { sql: sqlOf(where, { ...relations, tenants: [] }) },
      token: requestToken(`${input.runId}:${collection}:${kind}`),
    });
  statements.push(
    ...(input.census ?? []).map(perCollection('census', collectionCensusTrino)),
    ...(input.logins ?? []).map(perCollection('latest-logins', latestLoginsTrino)),
  );
  const { onDuckDb } = planned;
  const unplaced = {
    sql: streamUnplacedTrino(input.table, days),
    token: requestToken(`${input.runId}:unplaced`),
  };
  const estimate = estimateScan(input.sizes, days, statements.length + 1);
  const problem = costGuardProblem(estimate, input.cutoffBytes);
  if (problem) return { ok: false, problem };
  return { ok: true, statements, unplaced, onDuckDb, bytesPerStatement: estimate.bytesPerStatement };
}

/** Athena's `ClientRequestToken` (32–128 characters of a safe alphabet), stable for the same name. */
function requestToken(name: string): string {
  return name
    .replace(/[^A-Za-z0-9:_-]/g, '_')
    .padEnd(32, '_')
    .slice(0, 128);
}
