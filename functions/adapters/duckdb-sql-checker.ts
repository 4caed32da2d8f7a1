import type { DuckDBConnection, DuckDBExtractedStatements, DuckDBInstance } from '@duckdb/node-api';
import { checkColumnNames, checkSelectTree } from '../core/sql/custom-sql-rules.js';
import { loadRecordsSql } from '../core/sql/evidence-relation.js';
import { describePosition, errorPosition, errorSummary } from '../core/sql/sql-position.js';
import { QueryEngineError } from '../shared/errors.js';

/** What DuckDB made of a custom query's statement: its result columns, or why it cannot run. */
export type SqlCheck = { ok: true; columns: string[] } | { ok: false; problem: string };

/** Checks statements against an empty `records` relation; no file or network access. */
export interface SqlChecker {
  check(sql: string): Promise<SqlCheck>;
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

/** The checks in order: parse, one statement, a SELECT, the tree's rules, binding, the columns. */
async function checkStatement(
  connection: DuckDBConnection,
  sql: string,
  unstable: ReadonlySet<string>,
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
 * An in-memory DuckDB holding an empty `records` table of the evidence's real columns, with file
 * and network access off and its configuration locked before any statement is checked: a
 * malicious statement is refused by the rules, and could reach nothing even if it were run.
 */
export async function openSqlChecker(): Promise<SqlChecker> {
  // Loaded here only: processes without SQL queries do not map the native library.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let unstable: ReadonlySet<string>;
  try {
    instance = await DuckDBInstance.create(':memory:', {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '1',
    });
    connection = await instance.connect();
    await connection.run(loadRecordsSql([]));
    // DuckDB's own list of functions whose result is not fixed by their arguments.
    const volatile = await connection.runAndReadAll(
      "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE stability IN ('VOLATILE', 'CONSISTENT_WITHIN_QUERY')",
    );
    unstable = new Set(volatile.getRowsJS().map((row) => String(row[0])));
    await connection.run('SET lock_configuration = true');
  } catch (error) {
    throw new QueryEngineError(`DuckDB could not start to check SQL queries: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return {
    check: async (sql) => {
      try {
        return await checkStatement(connection, sql, unstable);
      } catch (error) {
        // Whatever DuckDB throws about a statement is a reason to refuse it, not a crash.
        return { ok: false, problem: duckdbProblem(error, sql) };
      }
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
