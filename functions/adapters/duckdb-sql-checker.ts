import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBExtractedStatements } from '@duckdb/node-api';
import { checkColumnNames, checkSelectTree } from '../core/sql/custom-sql-rules.js';
import { loadRecordsSql } from '../core/sql/evidence-relation.js';
import { describePosition, errorPosition, errorSummary } from '../core/sql/sql-position.js';
import { checkedStatements } from './checked-statements.js';
import { type DuckDbSandbox, openDuckDbSandbox, SqlLimitError } from './duckdb-sandbox.js';
import { CUSTOM_SQL_LIMITS, type SqlCheck, type SqlLimits } from './duckdb-sandbox-protocol.js';

export type { SqlCheck };

/**
 * Checks statements against an empty `records` relation; no file or network access. A check that
 * passed the rules but could not be prepared within the limits is `ok` with `unprepared` saying why.
 */
export interface SqlChecker {
  check(sql: string): Promise<SqlCheck & { unprepared?: string }>;
  close(): void;
}

/**
 * Result types whose text is the same in the report's CSV and in DuckDB's own CSV (queries.sql):
 * text, whole numbers and booleans. Others would read differently in the two (a double `2.0` is
 * `2` in JavaScript, `1e-07` is `1e-7`; dates, lists, structs, decimals…), so the statement must cast them.
 */
const PLAIN_TYPES = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'HUGEINT',
  'UHUGEINT',
  'VARCHAR',
]);

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** DuckDB's complaint about `text`, with the line and column it points at. */
function duckdbProblem(error: unknown, text: string): string {
  const message = messageOf(error);
  const position = errorPosition(message, text);
  return `${position ? `at ${position}: ` : ''}${errorSummary(message)}`;
}

async function parseTree(connection: DuckDBConnection, sql: string) {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  return JSON.parse(String(reader.getRowsJS()[0]?.[0])) as {
    error?: boolean;
    error_type?: string;
    error_message?: string;
    position?: string;
    statements?: unknown[];
  };
}

/** `, not COPY` (the statement's type as DuckDB names it), or why DuckDB would not even prepare it. */
async function kindOf(extracted: DuckDBExtractedStatements): Promise<string> {
  const { StatementType } = await import('@duckdb/node-api');
  try {
    const prepared = await extracted.prepare(0);
    const type = StatementType[prepared.statementType];
    prepared.destroySync();
    // PRAGMA, SHOW and the like prepare as a SELECT of a table function: no type worth naming.
    return type && type !== 'SELECT' ? `, not ${type.replace('VARIABLE_SET', 'SET')}` : '';
  } catch (error) {
    return ` (DuckDB: ${errorSummary(messageOf(error))})`;
  }
}

/**
 * The checks in order: parse, one statement, a SELECT, the tree's rules, binding, the columns.
 * `rulesPassed` is told once the rules read from the parse tree passed: preparing the statement
 * comes next, and DuckDB computes constant expressions then (which can take any amount of memory).
 * Runs inside the sandbox process (duckdb-sandbox-worker.ts).
 */
export async function checkStatement(
  connection: DuckDBConnection,
  sql: string,
  unstable: ReadonlySet<string>,
  rulesPassed: () => void = () => {},
): Promise<SqlCheck> {
  const tree = await parseTree(connection, sql);
  if (tree.error && tree.error_type === 'parser') {
    const position = describePosition(sql, tree.position, 'characters');
    return {
      ok: false,
      problem: `syntax error${position ? ` at ${position}` : ''}: ${tree.error_message ?? ''}`,
    };
  }
  let extracted: DuckDBExtractedStatements;
  try {
    extracted = await connection.extractStatements(sql);
  } catch {
    // The binding fails to extract from text holding no statement at all (only comments, say).
    return { ok: false, problem: 'holds no statement; give exactly one SELECT' };
  }
  if (extracted.count !== 1) {
    return { ok: false, problem: `holds ${extracted.count} statements; give exactly one SELECT` };
  }
  if (tree.error)
    return { ok: false, problem: `must be a read-only SELECT statement${await kindOf(extracted)}` };
  const problems = checkSelectTree(tree.statements?.[0], sql, unstable);
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  rulesPassed();
  let columns: string[];
  try {
    const prepared = await connection.prepare(sql);
    columns = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
    for (let i = 0; i < prepared.columnCount; i++) {
      const type = prepared.columnType(i).toString();
      if (!PLAIN_TYPES.has(type))
        problems.push(
          `column "${columns[i]}" is ${type}: cast it to VARCHAR (or a whole number) so the report and queries.sql write the same text`,
        );
    }
    prepared.destroySync();
  } catch (error) {
    return { ok: false, problem: duckdbProblem(error, sql) };
  }
  problems.push(...checkColumnNames(columns));
  try {
    // The run and queries.sql embed the statement in parentheses (DESCRIBE, COPY).
    (await connection.prepare(`SELECT * FROM (\n${sql}\n)`)).destroySync();
  } catch {
    problems.push('cannot be embedded in COPY (…): remove anything after the statement');
  }
  return problems.length > 0 ? { ok: false, problem: problems.join('; ') } : { ok: true, columns };
}

/**
 * Prepares a checking connection: an empty `records` table of the evidence's real columns, and
 * DuckDB's own list of functions whose result is not fixed by their arguments. The sandbox process
 * has file and network access off and its configuration locked before any statement is checked.
 */
export async function prepareChecking(connection: DuckDBConnection): Promise<ReadonlySet<string>> {
  await connection.run(loadRecordsSql([]));
  const volatile = await connection.runAndReadAll(
    "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE stability IN ('VOLATILE', 'CONSISTENT_WITHIN_QUERY')",
  );
  return new Set(volatile.getRowsJS().map((row) => String(row[0])));
}

/** Whatever DuckDB throws about a statement is a reason to refuse it, not a crash. */
export const refusal = (error: unknown, sql: string): SqlCheck => ({
  ok: false,
  problem: duckdbProblem(error, sql),
});

/**
 * Checks statements in a DuckDB sandbox process (see duckdb-sandbox.ts): an in-memory database with
 * an empty `records`, file and network access off, its configuration locked, under the custom SQL
 * limits. Preparing a statement computes its constant expressions, so a statement such as
 * `SELECT length(repeat('x', 1500000000))` can outgrow any memory while being checked: past the
 * limits the sandbox is stopped, and a statement whose rules already passed is accepted unprepared
 * (`columns` unknown): the run prepares it again under the same limits, where exceeding them is a gap.
 * A statement that breaks the rules is refused before anything is prepared. A statement this
 * process has checked to the end before is answered as then (checked-statements.ts): the sandbox
 * starts only for a statement not seen yet.
 */
export async function openSqlChecker(limits: SqlLimits = CUSTOM_SQL_LIMITS): Promise<SqlChecker> {
  let sandbox: DuckDbSandbox | undefined;
  let scratch: string | undefined;
  const open = async () => {
    scratch ??= await mkdtemp(join(tmpdir(), 'sql-checker-'));
    sandbox ??= await openDuckDbSandbox({ spillDirectory: scratch, limits });
    return sandbox;
  };
  return {
    check: async (sql) => {
      const known = checkedStatements.get(sql, limits);
      if (known) return known;
      const current = await open();
      try {
        const check = await current.check(sql);
        checkedStatements.remember(sql, limits, check);
        return check;
      } catch (error) {
        sandbox = undefined;
        current.close();
        if (error instanceof SqlLimitError && error.rulesPassed)
          return { ok: true, columns: [], unprepared: error.message };
        if (error instanceof SqlLimitError) return { ok: false, problem: error.message };
        throw error;
      }
    },
    close: () => {
      sandbox?.close();
      if (scratch) void rm(scratch, { recursive: true, force: true });
    },
  };
}
