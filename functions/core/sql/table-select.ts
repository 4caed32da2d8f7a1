import { type CsvCellKind, csvLineColumnSql } from './csv-line-sql.js';
import { sqlIdentifier as id } from './sql-literal.js';

/** A column of a table statement: its name in the table, its SQL, and how its CSV cell is written. */
export interface TableColumnSql {
  column: string;
  sql: string;
  kind: CsvCellKind;
}

/**
 * A table statement's select list: the lead columns (a tenant statement's `report_tenant`), the
 * table's columns, and with `line` each row's CSV line of the table's columns, computed in the same
 * statement (an outer `SELECT` over an ordered statement would not be promised its order).
 */
export function selectList(
  lead: readonly string[],
  columns: readonly TableColumnSql[],
  line: boolean,
  separator = ',\n       ',
): string {
  const items = [
    ...lead,
    ...columns.map((c) => (c.sql === id(c.column) ? c.sql : `${c.sql} AS ${id(c.column)}`)),
  ];
  if (line) items.push(csvLineColumnSql(columns));
  return items.join(separator);
}
