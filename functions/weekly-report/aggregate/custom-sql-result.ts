import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { QueryTable, ReportGap, TableFile } from '../../core/report/report-model.js';
import { RECORDS } from '../../core/sql/compile-query.js';
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

/**
 * Runs a custom query's statement (checked at config time) over the loaded records, its rows
 * streaming into `sink` like any table's. Its columns are DuckDB's names for the result. A
 * statement can still fail on the data (a cast of a value an attacker chose, a division by zero):
 * the table is then empty and a gap over the whole period says why, so the report is incomplete
 * rather than silently short, and the other tables stand.
 */
export async function runCustomSqlQuery(
  db: EvidenceDatabase,
  query: QueryDefinition,
  sql: string,
  period: TimeWindow,
  sink: (columns: string[]) => TableSink,
): Promise<CustomSqlResult> {
  const described = await db.query(`DESCRIBE SELECT * FROM (\n${sql}\n)`);
  const columns = described.map((c) => String(c[0]));
  const [[records = 0] = []] = await db.query(`SELECT count(*) FROM ${RECORDS}`);
  const target = sink(columns);
  try {
    for await (const chunk of (await db.stream(sql)).chunks) await target.add(chunk);
    const { table, csv } = await target.finish();
    return { query, table, records: Number(records), sql, ...(csv ? { csv } : {}) };
  } catch (error) {
    if (!(error instanceof QueryEngineError)) throw error;
    // The rows written before the failure are dropped: the file is closed, then written again empty.
    await target.finish().catch(() => undefined);
    const { table, csv } = await sink(columns).finish();
    const sqlError = error.message.replace(/\s+/g, ' ');
    const reason = `the statement of ${query.id} failed on this period's records: ${sqlError}`;
    return {
      query,
      table,
      records: Number(records),
      sql,
      ...(csv ? { csv } : {}),
      sqlError,
      gaps: [{ from: period.from, to: period.to, reason, fetched: 0 }],
    };
  }
}
