import { CSV_LINE_COLUMN, type CsvCellKind, csvLineSql } from './csv-line-sql.js';
import { sqlIdentifier as id } from './sql-literal.js';

/** A column of a custom statement's result, as DuckDB describes it. */
export interface DescribedColumn {
  name: string;
  /** DuckDB's name of its type (`VARCHAR`, `BIGINT`, …). */
  type: string;
}

/** The result types a custom statement may have (see the SQL checker) and how each is written. */
const KINDS = new Map<string, CsvCellKind>([
  ['VARCHAR', 'text'],
  ['BOOLEAN', 'boolean'],
  ...['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'].map((t) => [t, 'integer'] as const),
  ...['UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'].map((t) => [t, 'integer'] as const),
]);

const RESULT = 'custom_result';

/**
 * A custom statement with each row's CSV line added, and the line's column name (one the statement
 * does not use). The statement cannot be rewritten, so it is wrapped: `SELECT *, line FROM (…)`.
 * DuckDB keeps the order of an ordered subquery through a projection (its planner marks the order
 * fixed); a test holds a run's rows to the statement's own order. Throws on a type the SQL checker
 * refuses (its text could differ between DuckDB and the report).
 */
export function customSqlLines(
  sql: string,
  columns: readonly DescribedColumn[],
): { sql: string; line: string } {
  const taken = new Set(columns.map((c) => c.name.toLowerCase()));
  let line = CSV_LINE_COLUMN;
  for (let n = 2; taken.has(line.toLowerCase()); n += 1) line = `${CSV_LINE_COLUMN} ${n}`;
  const cells = columns.map(({ name, type }) => {
    const kind = KINDS.get(type);
    if (!kind) throw new Error(`column "${name}" is ${type}, which a report's table cannot hold`);
    return { sql: `${RESULT}.${id(name)}`, kind };
  });
  return { sql: `SELECT *, ${csvLineSql(cells)} AS ${id(line)}\nFROM (\n${sql}\n) AS ${RESULT}`, line };
}
