import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openEvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import type { AuditRecord, TimeWindow } from '../../functions/core/audit-record.js';
import { formatEvidenceLine } from '../../functions/core/evidence-line.js';
import type { QueryDefinition } from '../../functions/core/query-definition.js';
import type { QueryTable } from '../../functions/core/report-model.js';
import {
  type CollectionTables,
  computeCollectionTables,
  type TenantSelection,
} from '../../functions/weekly-report/collection-tables.js';
import { runSqlQueries } from '../../functions/weekly-report/sql-aggregation.js';

/** A query's table over `records`, computed the way a run computes it (DuckDB). */
export async function computeTable(
  query: QueryDefinition,
  records: readonly AuditRecord[],
  period: TimeWindow,
): Promise<{ table: QueryTable; records: number }> {
  const directory = await mkdtemp(join(tmpdir(), 'compute-table-'));
  try {
    const file = join(directory, 'records.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      const [result] = await runSqlQueries(db, [query], period);
      if (!result) throw new Error(`no result for ${query.id}`);
      return { table: result.table, records: result.records };
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
): Promise<CollectionTables> {
  const directory = await mkdtemp(join(tmpdir(), 'compute-tables-'));
  try {
    const file = join(directory, 'records.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    try {
      return await computeCollectionTables(db, queries, period, tenants);
    } finally {
      db.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
