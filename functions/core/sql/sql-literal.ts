/**
 * The one place values become SQL text. Catalog values (conditions, tenant IDs) are written as
 * literals here so that `queries.sql` can be re-run as it stands; nothing else in the SQL code
 * concatenates a value from configuration or data into a statement.
 */

/** Thrown when a value cannot be written as a DuckDB literal (it never reaches the database). */
export class SqlLiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlLiteralError';
  }
}

// Lone surrogates have no UTF-8 form; NUL ends a C string inside DuckDB.
const UNREPRESENTABLE = /[\0]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A DuckDB string literal: single quotes, each `'` doubled. DuckDB's standard strings give no
 * meaning to backslashes, so doubling the quote is the whole escape; text DuckDB cannot hold is refused.
 */
export function sqlText(value: string): string {
  if (UNREPRESENTABLE.test(value)) throw new SqlLiteralError('a value holds NUL or a lone surrogate');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A list literal of text values (`['a', 'b']`). */
export const sqlTextList = (values: readonly string[]): string => `[${values.map(sqlText).join(', ')}]`;

/** A quoted identifier (`"name"`), each `"` doubled. */
export function sqlIdentifier(name: string): string {
  if (UNREPRESENTABLE.test(name) || name === '')
    throw new SqlLiteralError('an identifier is empty or unrepresentable');
  return `"${name.replaceAll('"', '""')}"`;
}

/** An integer literal; anything but a safe integer is refused. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new SqlLiteralError(`${value} is not a safe integer`);
  return String(value);
}
