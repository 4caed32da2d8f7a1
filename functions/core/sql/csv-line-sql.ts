import { sqlIdentifier } from './sql-literal.js';

/*
 * A table row's CSV line computed by DuckDB itself: the bytes the report's CSV writer
 * (core/view/csv.ts: csv-stringify with `quoted_string`, `escape_formulas`, CRLF, and its own
 * formula neutralisation) gives the same row, so the engine streams lines to the file without
 * decoding a row. A property test holds the two writers to the same bytes.
 *
 * Regular expressions are RE2's: JavaScript's `\s` (which csv.ts tests with) is spelt out, since
 * RE2's `\s` is ASCII whitespace only.
 */

/** The column holding a row's CSV line (no catalog column can have this name: it is not snake_case). */
export const CSV_LINE_COLUMN = 'CSV line';

/** How a column's values are written (see `cast` in csv.ts and `cell` in the query engine). */
export type CsvCellKind =
  /** Text: quoted, `"` doubled, formula characters neutralised. NULL is `""`. */
  | 'text'
  /** A count the engine computed (`count(*)`, never near 2^53): bare digits. */
  | 'count'
  /** Any whole number: bare digits within ±(2^53 − 1), beyond it text (JavaScript keeps it exact as text). */
  | 'integer'
  /** `"true"` or `"false"`, as JavaScript's `String(boolean)` in a quoted cell. */
  | 'boolean';

/** A column of the line: the SQL of its value and how it is written. */
export interface CsvCell {
  sql: string;
  kind: CsvCellKind;
}

/** JavaScript's `\s` without CR and LF, and `"`: what csv.ts skips between a cell's start and a formula. */
const BLANK = String.raw`\t\x{0B}\x{0C} \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}"`;
/** `FORMULA_CHARACTERS` of csv.ts. */
const FORMULA = String.raw`=+\-@\t\r`;
/** What csv-stringify's `escape_formulas` adds to csv.ts's own: the full-width = + - @ as a value's first character. */
const FULL_WIDTH = String.raw`\x{FF1D}\x{FF0B}\x{FF0D}\x{FF20}`;

/** `MAY_START_FORMULA` of csv.ts, or a full-width formula character first: the value would change. */
const CHANGES = `^[${FULL_WIDTH}]|(?:^|[;,\\r\\n])[${BLANK}\\r\\n]*[${FORMULA}]`;
/** A cell as a spreadsheet splits it: up to and including the next separator. */
const PIECE = '[^;,\\r\\n]*[;,\\r\\n]?';
/** The blanks and quotes a piece starts with (CR and LF end a piece). */
const LEAD = `^[${BLANK}]*`;

/**
 * csv.ts's `neutraliseFormulas` then `escape_formulas`, for a value that needs it. A piece starts
 * where a cell can start (the value's start, or after `,` `;` CR LF); within a piece a formula
 * character can start a cell only in its leading blanks (a tab) or right after them (`=` `+` `-` `@`,
 * or the CR ending the piece): each gets a `'` before it.
 */
function neutralised(value: string): string {
  const piece = `concat(replace(regexp_extract(p__, '${LEAD}'), chr(9), '''' || chr(9)), regexp_replace(regexp_replace(p__, '${LEAD}', ''), '^([${FORMULA}])', '''\\1'))`;
  return `concat(CASE WHEN regexp_matches(${value}, '^[${FULL_WIDTH}]') THEN '''' ELSE '' END, array_to_string(list_transform(regexp_extract_all(${value}, '${PIECE}'), p__ -> ${piece}), ''))`;
}

/** A value, unchanged unless csv.ts would neutralise it (NULL as ''). */
function textSql(value: string): string {
  const v = `coalesce(${value}, '')`;
  return `CASE WHEN regexp_matches(${v}, '${CHANGES}') THEN ${neutralised(v)} ELSE ${v} END`;
}

/** JavaScript's largest exact integer, as the text of an unsigned whole number. */
const MAX_SAFE = '9007199254740991';

/** SQL pieces whose concatenation is a cell: literals stay separate so neighbours can merge. */
type Parts = Array<{ literal: string } | { sql: string }>;

const quoted = (text: string): Parts => [
  { literal: '"' },
  { sql: `replace(${text}, '"', '""')` },
  { literal: '"' },
];

/** A whole number of any integer type: bare within ±(2^53 − 1), else its digits as a text cell. */
function integerSql(value: string): string {
  const digits = `ltrim(${value}::VARCHAR, '-')`;
  const safe = `(length(${digits}) < ${MAX_SAFE.length} OR (length(${digits}) = ${MAX_SAFE.length} AND ${digits} <= '${MAX_SAFE}'))`;
  const text = `concat('"', replace(${textSql(`${value}::VARCHAR`)}, '"', '""'), '"')`;
  return `CASE WHEN ${value} IS NULL THEN '""' WHEN ${safe} THEN ${value}::VARCHAR ELSE ${text} END`;
}

function cellParts({ sql, kind }: CsvCell): Parts {
  switch (kind) {
    case 'text':
      return quoted(textSql(sql));
    case 'count':
      return [{ sql: `coalesce(${sql}::VARCHAR, '""')` }];
    case 'integer':
      return [{ sql: integerSql(sql) }];
    case 'boolean':
      return [{ sql: `CASE WHEN ${sql} IS NULL THEN '""' WHEN ${sql} THEN '"true"' ELSE '"false"' END` }];
  }
}

/** A literal as `concat` arguments (CR and LF as `chr`, so every statement stays on its lines). */
const literal = (text: string): string[] =>
  text
    .split(/(\r|\n)/)
    .filter((piece) => piece !== '')
    .map((piece) =>
      piece === '\r' ? 'chr(13)' : piece === '\n' ? 'chr(10)' : `'${piece.replaceAll("'", "''")}'`,
    );

/** A row's CSV line, CRLF included, from its cells in column order: one `concat` call. */
export function csvLineSql(cells: readonly CsvCell[]): string {
  const parts: Parts = cells.flatMap((cell, i) => [...(i > 0 ? [{ literal: ',' }] : []), ...cellParts(cell)]);
  parts.push({ literal: '\r\n' });
  const merged: string[] = [];
  let text = '';
  for (const part of parts) {
    if ('literal' in part) text += part.literal;
    else {
      merged.push(...literal(text));
      text = '';
      merged.push(part.sql);
    }
  }
  merged.push(...literal(text));
  return `concat(${merged.join(', ')})`;
}

/** The line as a select-list item named {@link CSV_LINE_COLUMN}. */
export const csvLineColumnSql = (cells: readonly CsvCell[]): string =>
  `${csvLineSql(cells)} AS ${sqlIdentifier(CSV_LINE_COLUMN)}`;
