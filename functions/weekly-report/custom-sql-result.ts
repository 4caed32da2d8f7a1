import type { EvidenceDatabase } from '../adapters/duckdb-query-engine.js';
import type { TimeWindow } from '../core/audit-record.js';
import type { QueryDefinition } from '../core/query-definition.js';
import type { ReportGap } from '../core/report-model.js';
import { RECORDS } from '../core/sql/compile-query.js';
import { QueryEngineError } from '../shared/errors.js';

/** What a custom SQL query gave: its table (rows in its own order), or why it has none. */
export interface CustomSqlResult {
  query: QueryDefinition;
  table: { columns: string[]; rows: Array<Array<string | number>> };
  /** The records the statement could read (its headline is its row count, see `headlineCount`). */
  records: number;
  sql: string;
  /** The whole period, when the statement failed on this week's data: the table is then missing. */
  gaps?: ReportGap[];
  /** DuckDB's error, when the statement failed. */
  sqlError?: string;
}

/**
 * Runs a custom query's statement (checked at config time) over the loaded records. Its columns
 * are DuckDB's names for the result. A statement can still fail on the data (a cast of a value an
 * attacker chose, a division by zero): the table is then empty and a gap over the whole period
 * says why, so the report is incomplete rather than silently short, and the other tables stand.
 */
export async function runCustomSqlQuery(
  db: EvidenceDatabase,
  query: QueryDefinition,
  sql: string,
  period: TimeWindow,
): Promise<CustomSqlResult> {
  const described = await db.query(`DESCRIBE SELECT * FROM (\n${sql}\n)`);
  const columns = described.map((c) => String(c[0]));
  const [[records = 0] = []] = await db.query(`SELECT count(*) FROM ${RECORDS}`);
  try {
    const rows = await db.query(sql);
    return { query, table: { columns, rows }, records: Number(records), sql };
  } catch (error) {
    if (!(error instanceof QueryEngineError)) throw error;
    const sqlError = error.message.replace(/\s+/g, ' ');
    const reason = `the statement of ${query.id} failed on this period's records: ${sqlError}`;
    return {
      query,
      table: { columns, rows: [] },
      records: Number(records),
      sql,
      sqlError,
      gaps: [{ from: period.from, to: period.to, reason, fetched: 0 }],
    };
  }
}
