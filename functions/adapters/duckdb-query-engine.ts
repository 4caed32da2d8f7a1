import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { loadRecordsSql } from '../core/sql/evidence-relation.js';
import { QueryEngineError } from '../shared/errors.js';

/** Resource limits of the engine; large states spill to `directory` instead of failing. */
export interface QueryEngineLimits {
  /** DuckDB `memory_limit`. @default '384MB' */
  memoryLimit?: string;
  /** DuckDB `threads`. @default 2 */
  threads?: number;
}

/** A table as DuckDB returns it: counts as numbers, everything else as text. */
export type SqlRows = Array<Array<string | number>>;

/** Values bound to a statement's `$name` parameters, each a list of text (`VARCHAR[]`). */
export type TextListParameters = Readonly<Record<string, readonly string[]>>;

/** A loaded `records` relation, queryable until closed. No file or network access once open. */
export interface EvidenceDatabase {
  /** Runs a query; `parameters` are bound, never written into the statement. */
  query(sql: string, parameters?: TextListParameters): Promise<SqlRows>;
  /** Runs a statement that returns nothing useful (CREATE …). */
  execute(sql: string): Promise<void>;
  close(): void;
}

const cell = (value: unknown): string | number => {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  return value === null || value === undefined ? '' : String(value);
};

async function run(
  connection: DuckDBConnection,
  sql: string,
  what: string,
  parameters?: TextListParameters,
): Promise<SqlRows> {
  try {
    const reader = parameters
      ? await bound(connection, sql, parameters)
      : await connection.runAndReadAll(sql);
    return reader.getRowsJS().map((row) => row.map(cell));
  } catch (error) {
    throw new QueryEngineError(
      `DuckDB could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function bound(connection: DuckDBConnection, sql: string, parameters: TextListParameters) {
  const { LIST, VARCHAR, listValue } = await import('@duckdb/node-api');
  const names = Object.keys(parameters);
  return connection.runAndReadAll(
    sql,
    Object.fromEntries(names.map((name) => [name, listValue([...(parameters[name] ?? [])])])),
    Object.fromEntries(names.map((name) => [name, LIST(VARCHAR)])),
  );
}

/**
 * Opens DuckDB on a database file in `directory` (so tables spill there, not into the heap), loads
 * the staged evidence files into `records`, then turns off every file and network access and locks
 * the configuration: the catalog's SQL can only read the loaded records. No extension is installed
 * or loaded at run time (JSON reading is built into the binding).
 */
export async function openEvidenceDatabase(
  files: readonly string[],
  directory: string,
  limits: QueryEngineLimits = {},
): Promise<EvidenceDatabase> {
  // Loaded here only: processes that never aggregate (the doctor, verify) do not map the native library.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const spill = join(directory, 'spill');
  await mkdir(spill, { recursive: true });
  let instance: DuckDBInstance | undefined;
  try {
    instance = await DuckDBInstance.create(join(directory, 'evidence.duckdb'), {
      memory_limit: limits.memoryLimit ?? '384MB',
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
    query: (sql, parameters) => run(connection, sql, 'run a query', parameters),
    execute: async (sql) => {
      await run(connection, sql, 'run a statement');
    },
    close: () => {
      connection.closeSync();
      opened.closeSync();
    },
  };
  try {
    await run(connection, loadRecordsSql(files), 'load the evidence');
    await run(connection, 'SET enable_external_access = false', 'turn off file access');
    await run(connection, 'SET lock_configuration = true', 'lock its configuration');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
