import type { CsvCellKind } from './csv-line-sql.js';
import { sqlIdentifier as id } from './sql-literal.js';

/** A column of a table statement's select list: its name in the table and its SQL. */
export interface SelectColumn {
  column: string;
  sql: string;
}

/** How a field's cells are written: `occurred` is a time DuckDB formats, anything else is text. */
export const cellKind = (field: string): CsvCellKind => (field === 'occurred' ? 'time' : 'text');

/** A table statement's select list: the lead columns (a tenant statement's `report_tenant`), then the table's. */
export function selectList(
  lead: readonly string[],
  columns: readonly SelectColumn[],
  separator = ',\n       ',
): string {
  const items = columns.map((c) => (c.sql === id(c.column) ? c.sql : `${c.sql} AS ${id(c.column)}`));
  return [...lead, ...items].join(separator);
}
