/*
 * What the job and its DuckDB sandbox process (duckdb-sandbox-worker.ts) say to each other over
 * the IPC channel. Only plain data crosses: SQL text, column names, rows of text and numbers.
 */

import type { SqlLimits } from '../core/sql/sql-limits.js';

export { CUSTOM_SQL_LIMITS, type SqlLimits } from '../core/sql/sql-limits.js';

/** Which limit stopped a statement. */
export type SqlLimitKind = 'time' | 'process-memory' | 'duckdb-memory' | 'temp-directory';

/** How the sandbox process starts: on a database file (read-only), or empty for checking statements. */
export interface SandboxStart {
  /** The evidence database file; absent: an in-memory database with an empty `records`. */
  database?: string;
  /** Where DuckDB spills (its own folder, removed with the sandbox). */
  spillDirectory: string;
  limits: SqlLimits;
}

/** A statement's check (see duckdb-sql-checker.ts). */
export type SqlCheck = { ok: true; columns: string[] } | { ok: false; problem: string };

export type SandboxRequest =
  | { type: 'check'; id: number; sql: string }
  | { type: 'run'; id: number; sql: string }
  /** The job has taken the last chunk of rows: send the next. */
  | { type: 'more'; id: number };

export type SandboxReply =
  | { type: 'ready' }
  | { type: 'start-failed'; message: string }
  /** The statement's rules passed; preparing it (which may compute constants) comes next. */
  | { type: 'rules-passed'; id: number }
  | { type: 'checked'; id: number; result: SqlCheck }
  | { type: 'columns'; id: number; columns: string[]; records: number }
  | { type: 'rows'; id: number; rows: Array<Array<string | number>> }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; message: string; limit?: SqlLimitKind };
