import { CSV_LINE_COLUMN, type CsvCellKind, withCsvLines } from './csv-line-sql.js';

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

/**
 * A custom statement with each row's CSV line added (see `withCsvLines`), and the line's column
 * name (one the statement does not use). Throws on a type the SQL checker refuses (its text could
 * differ between DuckDB and the report).
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
    return { name, kind };
  });
  return { sql: withCsvLines(sql, cells, line), line };
}
