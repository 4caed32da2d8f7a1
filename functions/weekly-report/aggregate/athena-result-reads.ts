import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { AddressTotals } from '../../core/findings/address-totals.js';
import { addressTotalsRowSchema } from '../../core/sql/address-totals-sql.js';
import { totalsByScope } from './read-address-totals.js';

/*
 * The small results a report reads besides its tables, from finished Athena executions: the
 * address totals the address-spike finding reads, and an expansion's record count. Athena gives
 * NULL as no value (''), every cell as text or a number.
 */

type Cell = string | number;
const orNull = (cell: Cell | undefined) => (cell === undefined || cell === '' ? null : cell);
const numberOrNull = (cell: Cell | undefined) => {
  const value = orNull(cell);
  return value === null ? null : Number(value);
};

/** An execution's rows, each as its column name → cell. */
async function rowsOf(runner: AthenaQueryRunner, executionId: string): Promise<Array<Map<string, Cell>>> {
  const results = runner.results(executionId);
  const names = (await results.columns()).map((c) => c.name);
  const rows: Array<Map<string, Cell>> = [];
  for await (const chunk of results.chunks)
    for (const row of chunk) rows.push(new Map(names.map((name, i) => [name, row[i] as Cell])));
  return rows;
}

/** The address totals `addressTotalsTrino` computed, as the same lookup DuckDB's give (by tenant, '' for the project). */
export async function athenaAddressTotals(
  runner: AthenaQueryRunner,
  executionId: string,
): Promise<(key: string) => AddressTotals> {
  const rows = (await rowsOf(runner, executionId)).map((row) =>
    addressTotalsRowSchema.parse({
      report_tenant: orNull(row.get('report_tenant')) ?? undefined,
      addresses: Number(row.get('addresses') ?? 0),
      typical: numberOrNull(row.get('typical')),
      address: orNull(row.get('address')) === null ? null : String(row.get('address')),
      n: numberOrNull(row.get('n')),
      geos: orNull(row.get('geos')) === null ? null : String(row.get('geos')),
    }),
  );
  return totalsByScope(rows);
}

/** The record count a `record-count` statement computed (per `report_tenant` for the tenants; '' for the project). */
export async function athenaRecordCounts(
  runner: AthenaQueryRunner,
  executionId: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await rowsOf(runner, executionId))
    counts.set(String(row.get('report_tenant') ?? ''), Number(row.get('count') ?? 0));
  return counts;
}

/**
 * A collection's `census` statement's counts, chunk by chunk (300,000 tenants stay off the heap),
 * handed to `add` as the DuckDB census takes them (tenant-census.ts `addCounts`).
 */
export async function addAthenaCensus(
  runner: AthenaQueryRunner,
  executionId: string,
  add: (tenants: string[], records: string[]) => Promise<void>,
): Promise<void> {
  const results = runner.results(executionId);
  const names = (await results.columns()).map((c) => c.name);
  const tenant = names.indexOf('tenant');
  const records = names.indexOf('records');
  if (tenant < 0 || records < 0) throw new Error(`Athena's census ${executionId} lacks tenant or records`);
  for await (const chunk of results.chunks)
    await add(
      chunk.map((row) => String(row[tenant] ?? '')),
      chunk.map((row) => String(row[records] ?? 0)),
    );
}
