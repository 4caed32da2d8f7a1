import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuckDbSandbox, SqlLimitError } from '../../adapters/duckdb-sandbox.js';
import type { SqlLimits } from '../../adapters/duckdb-sandbox-protocol.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { TimeWindow } from '../../core/records/audit-record.js';
import type { QueryTable, ReportGap, TableFile } from '../../core/report/report-model.js';
import { QueryEngineError } from '../../shared/errors.js';
import { RENDERED_LINE, RowsChunk } from './rows-chunk.js';
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
  /** DuckDB's error, or the limit that stopped the statement. */
  sqlError?: string;
}

/** Where custom statements run: the collection's evidence database, closed by the job, and their limits. */
export interface CustomSqlEngine {
  /** The evidence database file (opened read-only by each statement's sandbox). */
  database: string;
  /** A folder each statement's sandbox spills into (a fresh one each). */
  workDirectory: string;
  limits: SqlLimits;
  /** The records of the collection (for the headline's "records it could read"). */
  records: number;
}

/**
 * Runs a custom query's statement (checked at config time) in its own DuckDB sandbox process over
 * the collection's evidence database, its rows streaming into `sink` like any table's; its columns
 * are DuckDB's names for the result. The statement runs under `engine.limits`: a time limit
 * (the connection interrupted, the process killed if that does not stop it), DuckDB's memory limit
 * with spilling, a temporary disk limit, and the process's resident memory (killed past it). A
 * statement stopped by a limit, or failing on the data (a cast of a value an attacker chose), leaves
 * its table empty and a gap over the whole period naming the query and the limit: the report is
 * incomplete rather than silently short, the other tables stand, and the run goes on.
 */
export async function runCustomSqlQuery(
  engine: CustomSqlEngine,
  query: QueryDefinition,
  sql: string,
  period: TimeWindow,
  sink: (columns: string[], line: string) => TableSink,
): Promise<CustomSqlResult> {
  const spillDirectory = await mkdtemp(join(engine.workDirectory, 'custom-sql-'));
  let target: TableSink | undefined;
  let columns: string[] = [];
  try {
    const sandbox = await openDuckDbSandbox({
      database: engine.database,
      spillDirectory,
      limits: engine.limits,
    });
    try {
      await sandbox.run(sql, {
        onColumns: (named) => {
          columns = named;
          target = sink(named, RENDERED_LINE);
        },
        onRows: async (rows) => {
          // The rows arrive as values; their CSV lines are rendered here by the report's writer.
          await target?.add(new RowsChunk(columns, rows));
        },
      });
    } finally {
      sandbox.close();
    }
    const { table, csv } = await (target ?? sink(columns, RENDERED_LINE)).finish();
    return { query, table, records: engine.records, sql, csv };
  } catch (error) {
    if (!(error instanceof QueryEngineError)) throw error;
    // The rows written before the failure are dropped: the file is closed, then written again empty.
    await target?.finish().catch(() => undefined);
    const { table, csv } = await sink(columns, RENDERED_LINE).finish();
    const sqlError = error.message.replace(/\s+/g, ' ');
    const reason =
      error instanceof SqlLimitError
        ? `the statement of ${query.id} was ${sqlError}; its table is left out`
        : `the statement of ${query.id} failed on this period's records: ${sqlError}`;
    return {
      query,
      table,
      records: engine.records,
      sql,
      csv,
      sqlError,
      gaps: [{ from: period.from, to: period.to, reason, fetched: 0 }],
    };
  } finally {
    await rm(spillDirectory, { recursive: true, force: true });
  }
}
