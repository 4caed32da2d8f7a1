import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBResult,
  DuckDBType,
  DuckDBValue,
} from '@duckdb/node-api';
import { z } from 'zod';
import { loadRecordsSql } from '../core/sql/evidence-relation.js';
import { describeError, QueryEngineError } from '../shared/errors.js';
import { columnIndex, type DuckDbBindings, plainValue, TableChunk } from './duckdb-table-chunk.js';

/** Resource limits of the engine; large states spill to `directory` instead of failing. */
export interface QueryEngineLimits {
  /**
   * DuckDB `memory_limit`. Its process holds about 270 MB more than this (Node, the library,
   * `read_json`'s buffers), so 256 MB keeps a 3M-distinct week under 700 MB (BENCHMARKS.md).
   * @default '256MB'
   */
  memoryLimit?: string;
  /** DuckDB `threads`. @default 2 */
  threads?: number;
}

/** The database file `openEvidenceDatabase` keeps in `directory` (readable by a sandbox once closed). */
export const evidenceDatabaseFile = (directory: string) => join(directory, 'evidence.duckdb');

/** DuckDB's memory limit in a run (and in the benchmark's bare comparison). */
export const ENGINE_MEMORY_LIMIT = '256MB';

/** Values bound to a statement's `$1`, `$2`, … (data never enters SQL text). */
export type SqlParams = ReadonlyArray<string | number | readonly string[]>;

/** A table statement's result read chunk by chunk (about 2,048 rows each), never whole. */
export interface TableStream {
  /** The result's column names. */
  columns: string[];
  chunks: AsyncIterable<TableChunk>;
}

/** A loaded `records` relation, queryable until closed. No file or network access once open. */
export interface EvidenceDatabase {
  /**
   * Runs a query and reads each row by column name into an object checked by `row` (values are
   * text, numbers — whole numbers beyond 2^53 as text —, booleans or null).
   */
  query<T>(sql: string, row: z.ZodType<T>, params?: SqlParams): Promise<T[]>;
  /** Runs a table statement and yields its rows a chunk at a time: memory stays flat whatever the row count. */
  streamTable(sql: string): Promise<TableStream>;
  /** Runs a statement that returns nothing useful (CREATE …). */
  execute(sql: string): Promise<void>;
  close(): void;
}

const engineError = (what: string, error: unknown) =>
  error instanceof QueryEngineError
    ? error
    : new QueryEngineError(`DuckDB could not ${what}: ${describeError(error)}`, { cause: error });

/**
 * Bound values as DuckDB takes them, with their types: a string list is a VARCHAR[] (typed, so an
 * empty list binds too).
 */
async function bind(
  params: SqlParams | undefined,
): Promise<{ values?: DuckDBValue[]; types?: DuckDBType[] }> {
  if (!params) return {};
  const { DOUBLE, LIST, listValue, VARCHAR } = await import('@duckdb/node-api');
  return {
    values: params.map((p) => (typeof p === 'string' || typeof p === 'number' ? p : listValue([...p]))),
    types: params.map((p) =>
      typeof p === 'string' ? VARCHAR : typeof p === 'number' ? DOUBLE : LIST(VARCHAR),
    ),
  };
}

async function run(connection: DuckDBConnection, sql: string, what: string, params?: SqlParams) {
  try {
    const { values, types } = await bind(params);
    return await connection.runAndReadAll(sql, values, types);
  } catch (error) {
    throw engineError(what, error);
  }
}

async function query<T>(
  connection: DuckDBConnection,
  sql: string,
  row: z.ZodType<T>,
  params?: SqlParams,
): Promise<T[]> {
  const reader = await run(connection, sql, 'run a query', params);
  const names = [...columnIndex(reader.columnNames()).keys()];
  return reader.getRowsJS().map((values) => {
    const parsed = row.safeParse(Object.fromEntries(names.map((name, i) => [name, plainValue(values[i])])));
    if (!parsed.success)
      throw new QueryEngineError(
        `DuckDB's answer is not what was expected: ${z.prettifyError(parsed.error)}`,
      );
    return parsed.data;
  });
}

async function* chunksOf(
  result: DuckDBResult,
  index: ReadonlyMap<string, number>,
  bindings: DuckDbBindings,
): AsyncIterable<TableChunk> {
  for (;;) {
    let chunk: DuckDBDataChunk | null;
    try {
      chunk = await result.fetchChunk();
    } catch (error) {
      throw engineError('read a query result', error);
    }
    if (!chunk || chunk.rowCount === 0) return;
    yield new TableChunk(chunk, index, bindings);
  }
}

async function streamTable(
  connection: DuckDBConnection,
  bindings: DuckDbBindings,
  sql: string,
): Promise<TableStream> {
  try {
    const result = await connection.stream(sql);
    const columns = result.columnNames();
    return { columns, chunks: chunksOf(result, columnIndex(columns), bindings) };
  } catch (error) {
    throw engineError('run a query', error);
  }
}

/**
 * Opens DuckDB on a scratch database file in `directory` (so tables spill there, not into the
 * heap), loads the staged evidence files into `records` (`undefined`: the file already holds them,
 * loaded by an earlier opening), then turns off every file and network access and locks the
 * configuration: the catalog's SQL can only read the loaded records. No extension is installed or
 * loaded at run time (JSON reading is built into the binding).
 */
export async function openEvidenceDatabase(
  files: readonly string[] | undefined,
  directory: string,
  limits: QueryEngineLimits = {},
  /** The statement that loads `files` into `records`. @default the evidence parts' (loadRecordsSql) */
  loadSql: (files: readonly string[]) => string = loadRecordsSql,
): Promise<EvidenceDatabase> {
  // Loaded here only: processes that never run a statement (verify) do not map the native library.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const bindings: DuckDbBindings = (await import('@duckdb/node-bindings')).default;
  const spill = join(directory, 'spill');
  await mkdir(spill, { recursive: true });
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(evidenceDatabaseFile(directory), {
      memory_limit: limits.memoryLimit ?? ENGINE_MEMORY_LIMIT,
      threads: String(limits.threads ?? 2),
      temp_directory: spill,
      preserve_insertion_order: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
  } catch (error) {
    throw new QueryEngineError('DuckDB could not start', { cause: error });
  }
  const connection = await instance.connect();
  const opened = instance;
  const database: EvidenceDatabase = {
    query: (sql, row, params) => query(connection, sql, row, params),
    streamTable: (sql) => streamTable(connection, bindings, sql),
    execute: async (sql) => {
      await run(connection, sql, 'run a statement');
    },
    close: () => {
      connection.closeSync();
      opened.closeSync();
    },
  };
  try {
    // The database file is scratch, deleted with its directory: writing it out at close (a
    // checkpoint and its fsync, 100 ms and more per run) would be wasted.
    await run(connection, 'PRAGMA disable_checkpoint_on_shutdown', 'skip the checkpoint at close');
    if (files) await run(connection, loadSql(files), 'load the evidence');
    await run(connection, 'SET enable_external_access = false', 'turn off file access');
    await run(connection, 'SET lock_configuration = true', 'lock its configuration');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
