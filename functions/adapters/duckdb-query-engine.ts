import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBResult,
  DuckDBType,
  DuckDBValue,
} from '@duckdb/node-api';
import { loadRecordsSql } from '../core/sql/evidence-relation.js';
import { describeError, QueryEngineError } from '../shared/errors.js';

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

/** A table as DuckDB returns it: counts as numbers, everything else as text. */
export type SqlRows = Array<Array<string | number>>;

/** Values bound to a statement's `$1`, `$2`, … (data never enters SQL text). */
export type SqlParams = ReadonlyArray<string | number | readonly string[]>;

/** A statement's result read chunk by chunk (about 2,048 rows each), never whole. */
export interface SqlStream {
  columns: string[];
  chunks: AsyncIterable<SqlRows>;
}

/** A loaded `records` relation, queryable until closed. No file or network access once open. */
export interface EvidenceDatabase {
  query(sql: string, params?: SqlParams): Promise<SqlRows>;
  /** Runs a query and yields its rows a chunk at a time: memory stays flat whatever the row count. */
  stream(sql: string, params?: SqlParams): Promise<SqlStream>;
  /** Runs a statement that returns nothing useful (CREATE …). */
  execute(sql: string): Promise<void>;
  close(): void;
}

const cell = (value: unknown): string | number => {
  // Counts are far below 2^53; a larger integer (a hash in a custom query) stays exact as text.
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (typeof value === 'number') return value;
  return value === null || value === undefined ? '' : String(value);
};

const engineError = (what: string, error: unknown) =>
  new QueryEngineError(`DuckDB could not ${what}: ${describeError(error)}`, { cause: error });

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

async function run(
  connection: DuckDBConnection,
  sql: string,
  what: string,
  params?: SqlParams,
): Promise<SqlRows> {
  try {
    const { values, types } = await bind(params);
    const reader = await connection.runAndReadAll(sql, values, types);
    return reader.getRowsJS().map((row) => row.map(cell));
  } catch (error) {
    throw engineError(what, error);
  }
}

async function* chunksOf(result: DuckDBResult): AsyncIterable<SqlRows> {
  try {
    for await (const rows of result.yieldRowsJs()) {
      // Converted in place: a second copy of every chunk is garbage a capped heap pays for.
      for (const row of rows) for (let i = 0; i < row.length; i += 1) row[i] = cell(row[i]);
      yield rows as SqlRows;
    }
  } catch (error) {
    throw engineError('read a query result', error);
  }
}

async function stream(connection: DuckDBConnection, sql: string, params?: SqlParams): Promise<SqlStream> {
  try {
    const { values, types } = await bind(params);
    const result = await connection.stream(sql, values, types);
    return { columns: result.columnNames(), chunks: chunksOf(result) };
  } catch (error) {
    throw engineError('run a query', error);
  }
}

/**
 * Opens DuckDB on a database file in `directory` (so tables spill there, not into the heap), loads
 * the staged evidence files into `records` (`undefined`: the file already holds them, loaded by an
 * earlier opening), then turns off every file and network access and locks the configuration: the
 * catalog's SQL can only read the loaded records. No extension is installed or loaded at run time
 * (JSON reading is built into the binding).
 */
export async function openEvidenceDatabase(
  files: readonly string[] | undefined,
  directory: string,
  limits: QueryEngineLimits = {},
): Promise<EvidenceDatabase> {
  // Loaded here only: processes that never run a statement (verify) do not map the native library.
  const { DuckDBInstance } = await import('@duckdb/node-api');
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
    query: (sql, params) => run(connection, sql, 'run a query', params),
    stream: (sql, params) => stream(connection, sql, params),
    execute: async (sql) => {
      await run(connection, sql, 'run a statement');
    },
    close: () => {
      connection.closeSync();
      opened.closeSync();
    },
  };
  try {
    if (files) await run(connection, loadRecordsSql(files), 'load the evidence');
    await run(connection, 'SET enable_external_access = false', 'turn off file access');
    await run(connection, 'SET lock_configuration = true', 'lock its configuration');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
