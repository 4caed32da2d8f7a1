import { z } from 'zod';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { QueryTable, ReportGap, TableFile } from '../../core/report/report-model.js';
import { RECORDS } from '../../core/sql/compile-query.js';
import { customSqlLines } from '../../core/sql/custom-sql-lines.js';
import { QueryEngineError } from '../../shared/errors.js';
import type { TableSink } from './table-sink.js';

/** What a custom SQL query gave: its table (rows in its own order), or why it has none. */
export interface CustomSqlResult {
  query: QueryDefinition;
  table: QueryTable;
  /** The records the statement could read (its headline is its row count, see `headlineCount`). */
  records: number;
  sql: string;
  csv?: TableFile;
  /** The whole period, when the statement failed on this week's data: the table is then missing. */
  gaps?: ReportGap[];
  /** DuckDB's error, when the statement failed. */
  sqlError?: string;
}

/** A column as DESCRIBE names it (it says more: nullability, keys, …). */
const describedRow = z.object({ column_name: z.string(), column_type: z.string() });
const countRow = z.object({ records: z.number().int().nonnegative() });

/**
 * Runs a custom query's statement (checked at config time) over the loaded records, its rows
 * streaming into a sink like any table's; `withLines` (the sink writes a file), each row's CSV line
 * computed by DuckDB around the statement (custom-sql-lines.ts). Its columns are DuckDB's names for the result. A
 * statement can still fail on the data (a cast of a value an attacker chose, a division by zero):
 * the table is then empty and a gap over the whole period says why, so the report is incomplete
 * rather than silently short, and the other tables stand.
 */
export async function runCustomSqlQuery(
  db: EvidenceDatabase,
  query: QueryDefinition,
  sql: string,
  period: TimeWindow,
  sink: (columns: string[], line: string) => TableSink,
  withLines: boolean,
): Promise<CustomSqlResult> {
  const described = await db.query(`DESCRIBE SELECT * FROM (\n${sql}\n)`, describedRow);
  const columns = described.map((c) => c.column_name);
  const [{ records } = { records: 0 }] = await db.query(
    `SELECT count(*) AS records FROM ${RECORDS}`,
    countRow,
  );
  const lines = customSqlLines(
    sql,
    described.map((c) => ({ name: c.column_name, type: c.column_type })),
  );
  const target = sink(columns, lines.line);
  try {
    for await (const chunk of (await db.streamTable(withLines ? lines.sql : sql)).chunks)
      await target.add(chunk);
    const { table, csv } = await target.finish();
    return { query, table, records, sql, csv };
  } catch (error) {
    if (!(error instanceof QueryEngineError)) throw error;
    // The rows written before the failure are dropped: the file is closed, then written again empty.
    await target.finish().catch(() => undefined);
    const { table, csv } = await sink(columns, lines.line).finish();
    const sqlError = error.message.replace(/\s+/g, ' ');
    const reason = `the statement of ${query.id} failed on this period's records: ${sqlError}`;
    return {
      query,
      table,
      records,
      sql,
      csv,
      sqlError,
      gaps: [{ from: period.from, to: period.to, reason, fetched: 0 }],
    };
  }
}
