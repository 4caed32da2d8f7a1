import { z } from 'zod';
import type { AthenaExecution, AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { AthenaColumn, AthenaRows } from '../../adapters/athena-result-pages.js';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import { type CsvCellKind, type CsvColumn, withCsvLines } from '../../core/sql/csv-line-sql.js';
import { sqlIdentifier as id } from '../../core/sql/sql-literal.js';
import type { TrinoQuery } from '../../core/sql/trino/compile-trino-query.js';
import type { SunkTable, TableSink } from './table-sink.js';

/** A table Athena computed: what the sink made of it and the execution behind it. */
export interface AthenaTable {
  sunk: SunkTable;
  execution: AthenaExecution;
}

/** The local table an Athena result is staged in, and its row-order column. */
export const STAGED = 'athena_result';
export const ORDER = 'athena_row__';
/** Rows inserted a statement (bound parameters, never SQL text). */
const BATCH = 500;

const INTEGERS = new Set(['tinyint', 'smallint', 'integer', 'bigint']);
const columnType = (c: AthenaColumn) =>
  INTEGERS.has(c.type) ? 'BIGINT' : c.type === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
export const cellKind = (c: AthenaColumn): CsvCellKind =>
  INTEGERS.has(c.type) ? 'integer' : c.type === 'boolean' ? 'boolean' : 'text';

/** Stages an Athena result's pages in `db` as {@link STAGED}, each row numbered in Athena's order. */
export async function stage(
  db: EvidenceDatabase,
  columns: readonly AthenaColumn[],
  chunks: AsyncIterable<AthenaRows>,
) {
  const defs = [`${id(ORDER)} BIGINT`, ...columns.map((c) => `${id(c.name)} ${columnType(c)}`)];
  await db.execute(`CREATE OR REPLACE TEMP TABLE ${STAGED} (${defs.join(', ')})`);
  let n = 0;
  const insert = async (rows: AthenaRows) => {
    if (rows.length === 0) return;
    const width = columns.length + 1;
    // Athena gives NULL as no value: '' for text (as DuckDB's cells), NULL for a number.
    const slot = (r: number, c: number) => {
      const param = `$${r * width + c + 1}`;
      return c > 0 && columnType(columns[c - 1] as AthenaColumn) !== 'VARCHAR'
        ? `nullif(${param}, '')`
        : param;
    };
    const values = rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => slot(r, c)).join(', ')})`);
    const params = rows.flatMap((row) => [n++, ...row.map(String)]);
    await db.query(`INSERT INTO ${STAGED} VALUES ${values.join(', ')}`, z.unknown(), params);
  };
  for await (const rows of chunks)
    for (let at = 0; at < rows.length; at += BATCH) await insert(rows.slice(at, at + BATCH));
}

/**
 * Runs one Trino statement on Athena and writes its result through the table sink DuckDB's tables
 * go through (see {@link sinkAthenaResult}). `token` names the statement in the run (a retry reuses it).
 */
export async function computeAthenaTable(
  runner: AthenaQueryRunner,
  db: EvidenceDatabase,
  statement: TrinoQuery,
  token: string,
  sinkFor: (columns: string[]) => TableSink,
): Promise<AthenaTable> {
  const executionId = await runner.start(statement.sql, token);
  const execution = await runner.wait(executionId);
  return { sunk: await sinkAthenaResult(runner, db, executionId, sinkFor), execution };
}

/**
 * A finished execution's result through the table sink: the pages are staged in the run's DuckDB
 * (bound values, in Athena's order) and each row's CSV line is computed by the same SQL
 * (core/sql/csv-line-sql.ts), so the CSV has the same bytes whichever engine computed the table.
 */
export async function sinkAthenaResult(
  runner: AthenaQueryRunner,
  db: EvidenceDatabase,
  executionId: string,
  sinkFor: (columns: string[]) => TableSink,
): Promise<SunkTable> {
  const results = runner.results(executionId);
  const columns = await results.columns();
  await stage(db, columns, results.chunks);
  const table: CsvColumn[] = columns.map((c) => ({ name: c.name, kind: cellKind(c) }));
  const ordered = `SELECT ${columns.map((c) => id(c.name)).join(', ')} FROM ${STAGED} ORDER BY ${id(ORDER)}`;
  const sink = sinkFor(columns.map((c) => c.name));
  for await (const chunk of (await db.streamTable(withCsvLines(ordered, table))).chunks)
    await sink.add(chunk);
  await db.execute(`DROP TABLE ${STAGED}`);
  return sink.finish();
}
