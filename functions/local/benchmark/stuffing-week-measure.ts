import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ENGINE_MEMORY_LIMIT, openEvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../../core/catalog/builtin-queries.js';
import { parseIsoWeek } from '../../core/period/period.js';
import type { AuditRecord } from '../../core/records/audit-record.js';
import { formatEvidenceLine } from '../../core/records/evidence-line.js';
import { readsAddressTotals, rowCount } from '../../core/report/rows-held.js';
import { addressTotalsSql } from '../../core/sql/address-totals-sql.js';
import { compileQuery } from '../../core/sql/compile-query.js';
import { loadRecordsSql } from '../../core/sql/evidence-relation.js';
import { sqlText } from '../../core/sql/sql-literal.js';
import { runSqlQueries } from '../../weekly-report/aggregate/sql-aggregation.js';
import { processCpuMs } from './cpu-time.js';

/** The week the records fall in, and the queries of the failed-login search (six tables, one of rows). */
export const STUFFING_WEEK = parseIsoWeek('2026-W47');
const queries = BUILTIN_QUERIES.filter((q) => q.collection === 'login-failures');
const GEOS = ['US', 'DE', 'RO', 'VN', 'BR', 'IN', ''];
/** The address-spike rule's minimum in the benchmark (the catalog's default). */
const ADDRESS_MINIMUM = 20;

/** A credential-stuffing week as one gzipped evidence part: every failed login its own login ID and address. */
export async function writeStuffingWeek(file: string, events: number): Promise<void> {
  const week = STUFFING_WEEK;
  async function* lines() {
    for (let n = 0; n < events; n += 1) {
      const record: AuditRecord = {
        id: `stuff-${n}`,
        projectId: 'P2Bench',
        userId: n % 10 === 0 ? `U${n % 5000}` : '',
        action: 'LoginFailed',
        occurred: week.from + Math.floor((n / events) * (week.to - week.from)),
        device: 'Bot',
        method: 'password',
        geo: GEOS[n % GEOS.length] ?? '',
        remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}/${n >> 24}`,
        loginIds: [`victim-${n}@example.com`],
        tenants: [],
        data: { error_message: 'wrong password' },
        type: 'info',
        actorId: '',
      };
      yield formatEvidenceLine(record);
    }
  }
  await pipeline(lines, createGzip(), createWriteStream(file));
}

/** One measured run: wall and CPU time from opening DuckDB to closing it, the rows, the process's peak RSS. */
export interface StuffingMeasurement {
  ms: number;
  cpuMs: number;
  rows: number;
  peakRssMb: number;
}

/** As a run does it: load, lock, every table streamed into its CSV file, the rows the report reads, the address totals. */
async function engine(file: string, work: string): Promise<number> {
  const db = await openEvidenceDatabase([file], work);
  try {
    const output = { directory: join(work, 'tables'), addressMinimum: ADDRESS_MINIMUM };
    let rows = 0;
    for (const result of await runSqlQueries(db, queries, STUFFING_WEEK, output))
      rows += rowCount(result.table);
    return rows;
  } finally {
    db.close();
  }
}

/**
 * DuckDB alone, the same settings, load and statements: each table written by its own `COPY … TO`
 * (the fastest way DuckDB has to write the tables), and the address totals read as the run reads them.
 */
async function bare(file: string, work: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(join(work, 'bare.duckdb'), {
    memory_limit: ENGINE_MEMORY_LIMIT,
    threads: '2',
    temp_directory: join(work, 'spill'),
    preserve_insertion_order: 'false',
  });
  const connection = await instance.connect();
  try {
    await connection.run(loadRecordsSql([file]));
    let rows = 0;
    for (const query of queries) {
      const target = sqlText(join(work, `${query.id}.csv`));
      const copy = `COPY (${compileQuery(query, STUFFING_WEEK, { tenant: false }).sql}) TO ${target} (HEADER)`;
      const [[written] = []] = (await connection.runAndReadAll(copy)).getRowsJS();
      rows += Number(written);
      const totals = readsAddressTotals(query) ? addressTotalsSql(query, false) : undefined;
      if (totals) await connection.runAndReadAll(totals, [ADDRESS_MINIMUM]);
    }
    return rows;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Measures one mode in this process (the driver starts one process per measurement). */
export async function measureStuffingWeek(mode: 'engine' | 'bare', file: string, work: string) {
  const started = performance.now();
  const cpu = processCpuMs();
  const rows = await (mode === 'engine' ? engine(file, work) : bare(file, work));
  const measurement: StuffingMeasurement = {
    ms: Math.round(performance.now() - started),
    cpuMs: Math.round(processCpuMs() - cpu),
    rows,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  return measurement;
}
