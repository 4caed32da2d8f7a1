import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openEvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../functions/core/catalog/query-definition.js';
import type { AuditRecord, TimeWindow } from '../../functions/core/records/audit-record.js';
import { formatEvidenceLine } from '../../functions/core/records/evidence-line.js';
import {
  type CollectionTables,
  computeCollectionTables,
  type TenantSelection,
} from '../../functions/weekly-report/aggregate/collection-tables.js';
import {
  runSqlQueries,
  type SqlResult,
  type TableOutput,
} from '../../functions/weekly-report/aggregate/sql-aggregation.js';

/** A query's table over `records`, computed the way a run computes it (DuckDB). */
export async function computeTable(
  query: QueryDefinition,
  records: readonly AuditRecord[],
  period: TimeWindow,
): Promise<Pick<SqlResult, 'table' | 'records' | 'addressTotals'>> {
  const directory = await mkdtemp(join(tmpdir(), 'compute-table-'));
  try {
    const file = join(directory, 'records.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      const [result] = await runSqlQueries(db, [query], period);
      if (!result) throw new Error(`no result for ${query.id}`);
      const { table, records: counted, addressTotals } = result;
      return { table, records: counted, ...(addressTotals ? { addressTotals } : {}) };
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A collection's tables (project and per tenant) over `records`, as a run computes them. */
export async function computeTables(
  queries: readonly QueryDefinition[],
  records: readonly AuditRecord[],
  period: TimeWindow,
  tenants?: TenantSelection,
  output?: TableOutput,
): Promise<CollectionTables> {
  const directory = await mkdtemp(join(tmpdir(), 'compute-tables-'));
  try {
    const file = join(directory, 'records.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      return await computeCollectionTables(db, queries, period, tenants, output);
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
