import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { EvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import { evidenceDatabaseFile, openEvidenceDatabase } from '../../functions/adapters/duckdb-query-engine.js';
import { CUSTOM_SQL_LIMITS, type SqlLimits } from '../../functions/adapters/duckdb-sandbox-protocol.js';
import type { QueryDefinition } from '../../functions/core/catalog/query-definition.js';
import type { AuditRecord, TimeWindow } from '../../functions/core/records/audit-record.js';
import { formatEvidenceLine } from '../../functions/core/records/evidence-line.js';
import { isCustomSqlQuery, RECORDS } from '../../functions/core/sql/compile-query.js';
import {
  type CollectionTables,
  computeCollectionTables,
} from '../../functions/weekly-report/aggregate/collection-tables.js';
import {
  runCustomSqlQueries,
  runSqlQueries,
  type SqlResult,
  type TableOutput,
} from '../../functions/weekly-report/aggregate/sql-aggregation.js';
import {
  openTenantCensus,
  type TenantCensus,
} from '../../functions/weekly-report/aggregate/tenant-census.js';

/** A query's table over `records`, computed the way a run computes it (DuckDB). */
export async function computeTable(
  query: QueryDefinition,
  records: readonly AuditRecord[],
  period: TimeWindow,
): Promise<Pick<SqlResult, 'table' | 'records' | 'addressTotals'>> {
  // A statement written in SQL runs as a run runs it: in its own sandbox over the closed database.
  if (isCustomSqlQuery(query)) {
    const [result] = (await computeTables([query], records, period)).project;
    if (!result) throw new Error(`no result for ${query.id}`);
    if (result.sqlError) throw new Error(`${query.id} failed: ${result.sqlError}`);
    return { table: result.table, records: result.records };
  }
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

/** Which tenants a test's run reports: `include`, `recipients` and `maxReports` as in the catalog. */
export interface TestTenants {
  include?: string[];
  recipients?: string[];
  maxReports?: number;
}

/** The tenant census over one loaded database, as a run takes it before any per-tenant work. */
export async function censusOf(
  db: EvidenceDatabase,
  tenants: TestTenants,
  tableDirectory?: string,
): Promise<TenantCensus> {
  const directory = await mkdtemp(join(tmpdir(), 'census-'));
  const census = await openTenantCensus(directory);
  try {
    await census.add(db);
    return await census.choose(
      {
        recipients: tenants.recipients ?? [],
        include: tenants.include,
        maxReports: tenants.maxReports ?? 100,
      },
      tableDirectory,
    );
  } finally {
    census.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * A collection's tables (project and per tenant) over `records`, as a run computes them: the
 * tenants chosen first (census), the built-ins on the loaded database, then each custom statement
 * in its own sandbox over the closed database, under `sqlLimits`. Project results in the order of
 * `queries`.
 */
export async function computeTables(
  queries: readonly QueryDefinition[],
  records: readonly AuditRecord[],
  period: TimeWindow,
  tenants?: TestTenants,
  output: TableOutput = {},
  sqlLimits: SqlLimits = CUSTOM_SQL_LIMITS,
): Promise<CollectionTables & { census?: TenantCensus }> {
  const directory = await mkdtemp(join(tmpdir(), 'compute-tables-'));
  try {
    const file = join(directory, 'records.ndjson.gz');
    await writeFile(file, gzipSync(records.map(formatEvidenceLine).join('')));
    const db = await openEvidenceDatabase([file], directory, { threads: 1 });
    let tables: CollectionTables & { census?: TenantCensus };
    let loaded: number;
    try {
      const census = tenants ? await censusOf(db, tenants, output.directory) : undefined;
      tables = {
        ...(await computeCollectionTables(db, queries, period, census?.reported, output)),
        census,
      };
      const [counted] = await db.query(`SELECT count(*) AS n FROM ${RECORDS}`, z.object({ n: z.number() }));
      loaded = counted?.n ?? 0;
    } finally {
      db.close();
    }
    const engine = {
      database: evidenceDatabaseFile(directory),
      workDirectory: directory,
      limits: sqlLimits,
      records: loaded,
    };
    tables.project.push(...(await runCustomSqlQueries(engine, queries, period, output)));
    const order = (r: SqlResult) => queries.indexOf(r.query);
    tables.project.sort((a, b) => order(a) - order(b));
    return tables;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
