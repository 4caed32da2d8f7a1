import { FINDING_READS } from '../catalog/builtin-queries.js';
import type { QueryDefinition } from '../catalog/query-definition.js';
import type { QueryTable } from './report-model.js';

/**
 * Rows a finding reads from its table, at most. Tables the findings read row by row (countries,
 * role grants, impersonations, change details not understood) are kept whole up to this size; a
 * larger one leaves its rule "not evaluated" with the reason, never evaluated on part of the rows.
 * The address-spike rule reads per-address totals computed by the engine instead (any size).
 */
export const FINDING_ROWS = 50_000;

/** The rows the HTML shows: a group's `top` (else `htmlRowLimit`); the CSV keeps every row. */
export const shownRowLimit = (query: QueryDefinition): number =>
  query.aggregation.kind === 'group' ? (query.aggregation.top ?? query.htmlRowLimit) : query.htmlRowLimit;

/** The same, for a result (the report view's name for it). */
export const shownRowsOf = (result: { query: QueryDefinition }): number => shownRowLimit(result.query);

/**
 * How many of a table's rows a run holds in memory: what its HTML shows, or what its finding reads.
 * Every row is in the table's CSV, written by the engine as the rows stream out of it, so the
 * memory a report needs does not grow with the number of distinct values an attacker chooses.
 */
export const rowsHeld = (query: QueryDefinition): number =>
  FINDING_READS.get(query.id) === 'rows'
    ? Math.max(FINDING_ROWS, shownRowLimit(query))
    : shownRowLimit(query);

/** Whether the report reads a query's per-address totals (see `FINDING_READS`), which the engine then computes. */
export const readsAddressTotals = (query: QueryDefinition): boolean =>
  FINDING_READS.get(query.id) === 'address-totals';

/** The table's rows in all (the table in memory may hold only the first of them). */
export const rowCount = (table: QueryTable): number => table.rowCount ?? table.rows.length;

/** Why a finding cannot read the table, or `undefined` when it holds every row. */
export function partialTable(table: QueryTable): string | undefined {
  const all = rowCount(table);
  if (all === table.rows.length) return undefined;
  return `the table has ${all} rows, more than the ${table.rows.length} a finding reads; every row is in its CSV`;
}
