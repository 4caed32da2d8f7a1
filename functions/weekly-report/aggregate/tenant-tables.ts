import type { TableStream } from '../../adapters/duckdb-query-engine.js';
import type { TableChunk } from '../../adapters/duckdb-table-chunk.js';
import { REPORT_TENANT } from '../../core/sql/field-sql.js';
import type { TableSink } from './table-sink.js';

/** Runs of one tenant in a chunk of a tenant statement (rows ordered by tenant): `[tenant, from, to)`. */
function* tenantRuns(chunk: TableChunk): Iterable<[string, number, number]> {
  const tenantAt = (row: number) => chunk.text(REPORT_TENANT, row);
  const last = chunk.size - 1;
  // Rows come ordered by tenant: when the last row has the first row's tenant, so do all between.
  if (tenantAt(0) === tenantAt(last)) {
    yield [tenantAt(0), 0, chunk.size];
    return;
  }
  let start = 0;
  while (start < chunk.size) {
    const tenant = tenantAt(start);
    let end = start + 1;
    while (end < chunk.size && tenantAt(end) === tenant) end += 1;
    yield [tenant, start, end];
    start = end;
  }
}

/**
 * Streams a tenant statement's rows (tenant first, ordered by tenant) into one sink per tenant,
 * one tenant's file open at a time, and finishes each as its rows end. A tenant whose rows come
 * back after another's is an error (its file would be overwritten), never a silent loss.
 */
export async function streamTenantTables<T>(
  stream: TableStream,
  sinkFor: (tenant: string) => TableSink,
  finish: (tenant: string, sink: TableSink) => Promise<T>,
): Promise<Map<string, T>> {
  const tables = new Map<string, T>();
  let current: { tenant: string; sink: TableSink } | undefined;
  for await (const chunk of stream.chunks) {
    for (const [tenant, from, to] of tenantRuns(chunk)) {
      if (current?.tenant !== tenant) {
        if (current) tables.set(current.tenant, await finish(current.tenant, current.sink));
        if (tables.has(tenant)) throw new Error('a tenant statement is not ordered by tenant');
        current = { tenant, sink: sinkFor(tenant) };
      }
      await current.sink.add(chunk, from, to);
    }
  }
  if (current) tables.set(current.tenant, await finish(current.tenant, current.sink));
  return tables;
}
