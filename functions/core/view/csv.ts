import { type Options, stringify } from 'csv-stringify/sync';
import type { QueryTable } from '../report/report-model.js';

const FORMULA_CHARACTERS = /[=+\-@\t\r]/;
/** Fast test: a formula character where a cell could start (most values, dates included, have none). */
const MAY_START_FORMULA = /(?:^|[;,\r\n])[\s"]*[=+\-@\t\r]/;
const SEPARATORS = new Set([';', ',', '\r', '\n']);
const BLANK_OR_QUOTE = /[\s"]/;

/**
 * Puts a `'` before every formula character a spreadsheet could read as the start of a cell: first
 * in the value, or after a list separator (`,` or `;`) or a line break, past any whitespace or quotes.
 * A reader whose separator differs from the file's (`;` in German or French locales) splits a value
 * there, and most readers honour a quote only at the very start of a cell.
 */
function neutraliseFormulas(value: string): string {
  if (!MAY_START_FORMULA.test(value)) return value;
  let out = '';
  let cellStart = true;
  for (const character of value) {
    if (cellStart && FORMULA_CHARACTERS.test(character)) out += "'";
    out += character;
    if (SEPARATORS.has(character)) cellStart = true;
    else if (!BLANK_OR_QUOTE.test(character)) cellStart = false;
  }
  return out;
}

/**
 * A table as RFC 4180 CSV (UTF-8, header row, CRLF). Every text cell is quoted, so no list
 * separator inside a value can split it for a reader that honours quotes. A value starting with `=`,
 * `+`, `-`, `@`, tab or CR gets a `'` prefix (spreadsheets show it as text), and so does such a
 * character after a `,`, `;` or line break inside a value, so even a reader that splits a value
 * there never starts a cell with a formula (`escape_formulas` stays on as the library's own net).
 * Counts stay bare numbers.
 */
export function renderCsv(table: QueryTable): string {
  return stringify(table.rows, csvOptions(table.columns));
}

/** A table's header line (CRLF included), as {@link renderCsv} starts the file. */
export function renderCsvHeader(columns: readonly string[]): string {
  return stringify([], csvOptions(columns));
}

/**
 * csv-stringify's options for a table. The engine writes the rows of a table file itself, each
 * line computed in SQL to these bytes (core/sql/csv-line-sql.ts; a property test holds them equal).
 */
export function csvOptions(columns: readonly string[]): Options {
  return {
    header: true,
    columns: [...columns],
    escape_formulas: true,
    record_delimiter: '\r\n',
    quoted_string: true,
    cast: { number: (value) => String(value), string: neutraliseFormulas },
  };
}
