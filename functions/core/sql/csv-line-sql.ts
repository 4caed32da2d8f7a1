import { sqlIdentifier } from './sql-literal.js';

/*
 * A table row's CSV line computed by DuckDB itself: the bytes the report's CSV writer
 * (core/view/csv.ts: csv-stringify with `quoted_string`, `escape_formulas`, CRLF, and its own
 * formula neutralisation) gives the same row, so the engine streams lines to the file without
 * decoding a row. A property test holds the two writers to the same bytes.
 *
 * Most rows need nothing but quotes: a cheap test per row (first characters, and whether a value
 * holds a separator, line break or quote) sends only the others through the full rewrite, whose
 * regular expressions are RE2's, with JavaScript's `\s` (which csv.ts tests with) spelt out.
 */

/** The column holding a row's CSV line (no catalog column can have this name: it is not snake_case). */
export const CSV_LINE_COLUMN = 'CSV line';

/** How a column's values are written (see `cast` in csv.ts and the engine's table cells). */
export type CsvCellKind =
  /** Text: quoted, `"` doubled, formula characters neutralised. NULL is `""`. */
  | 'text'
  /** Text DuckDB formatted from a time (`strftime`): digits and the format's own marks, so only its first character can matter. */
  | 'time'
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

/** JavaScript's `\s` without CR and LF (they end a cell): what csv.ts skips, with `"`, before a formula. */
const SPACES = [0x09, 0x0b, 0x0c, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
const EN_SPACES = Array.from({ length: 11 }, (_, i) => 0x2000 + i);
/** `FORMULA_CHARACTERS` of csv.ts: = + - @ tab CR. */
const FORMULA = [0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d];
/** What csv-stringify's `escape_formulas` adds to csv.ts's own: full-width = + - @ as a value's first character. */
const FULL_WIDTH = [0xff1d, 0xff0b, 0xff0d, 0xff20];

const inClass = (codes: readonly number[]) =>
  codes.map((c) => `\\x{${c.toString(16).toUpperCase()}}`).join('');
const BLANK = `${inClass([...SPACES, ...EN_SPACES])}"`;

/** `MAY_START_FORMULA` of csv.ts, or a full-width formula character first: the value would change. */
const CHANGES = `^[${inClass(FULL_WIDTH)}]|(?:^|[;,\\r\\n])[${BLANK}\\r\\n]*[${inClass(FORMULA)}]`;
/** A cell as a spreadsheet splits it: up to and including the next separator. */
const PIECE = '[^;,\\r\\n]*[;,\\r\\n]?';
/** The blanks and quotes a piece starts with (CR and LF end a piece). */
const LEAD = `^[${BLANK}]*`;

/** First characters that may need the rewrite: blanks, formula characters, full-width ones. */
const FIRST = [...new Set([...SPACES, ...EN_SPACES, ...FORMULA, ...FULL_WIDTH])].sort((a, b) => a - b);

/**
 * csv.ts's `neutraliseFormulas` then `escape_formulas`, for a value that needs it. A piece starts
 * where a cell can start (the value's start, or after `,` `;` CR LF); within a piece a formula
 * character can start a cell only in its leading blanks (a tab) or right after them (`=` `+` `-` `@`,
 * or the CR ending the piece): each gets a `'` before it.
 */
function neutralised(value: string): string {
  const piece = `concat(replace(regexp_extract(p__, '${LEAD}'), chr(9), '''' || chr(9)), regexp_replace(regexp_replace(p__, '${LEAD}', ''), '^([${inClass(FORMULA)}])', '''\\1'))`;
  const rewritten = `concat(CASE WHEN regexp_matches(${value}, '^[${inClass(FULL_WIDTH)}]') THEN '''' ELSE '' END, array_to_string(list_transform(regexp_extract_all(${value}, '${PIECE}'), p__ -> ${piece}), ''))`;
  return `CASE WHEN regexp_matches(${value}, '${CHANGES}') THEN ${rewritten} ELSE ${value} END`;
}

/** JavaScript's largest exact integer, as the text of an unsigned whole number. */
const MAX_SAFE = '9007199254740991';

/** Whether a whole number (of any integer type) is beyond ±(2^53 − 1): JavaScript holds it as text. */
function unsafeInteger(value: string): string {
  const digits = `ltrim(${value}::VARCHAR, '-')`;
  return `(length(${digits}) > ${MAX_SAFE.length} OR (length(${digits}) = ${MAX_SAFE.length} AND ${digits} > '${MAX_SAFE}'))`;
}

/** Whether a value may need more than the fast line gives it (NULL, and most values, do not). */
function mayChange({ sql, kind }: CsvCell): string | undefined {
  if (kind === 'integer') return unsafeInteger(sql);
  if (kind !== 'text' && kind !== 'time') return undefined;
  const first = `ascii(${sql}) IN (${FIRST.join(', ')})`;
  if (kind === 'time') return first;
  const inside = [`','`, `';'`, 'chr(10)', 'chr(13)', `'"'`].map((c) => `contains(${sql}, ${c})`);
  return `(${[first, ...inside].join(' OR ')})`;
}

/** A cell written with nothing to neutralise or escape (the fast line); NULL is `""`. */
function plainCell({ sql, kind }: CsvCell): string[] {
  switch (kind) {
    case 'text':
    case 'time':
      return [`'"'`, sql, `'"'`];
    case 'count':
    case 'integer':
      return [`coalesce(${sql}::VARCHAR, '""')`];
    case 'boolean':
      return [`CASE WHEN ${sql} IS NULL THEN '""' WHEN ${sql} THEN '"true"' ELSE '"false"' END`];
  }
}

/** A cell of the full line: `text` to neutralise and quote, or `ready` to write as it is. */
function rewriteItem({ sql, kind }: CsvCell): string {
  const item = (text: string, ready: string) => `{'text': ${text}, 'ready': ${ready}}`;
  switch (kind) {
    case 'text':
    case 'time':
      return item(`coalesce(${sql}, '')`, 'NULL::VARCHAR');
    case 'integer':
      return item(
        `CASE WHEN ${unsafeInteger(sql)} THEN ${sql}::VARCHAR END`,
        `CASE WHEN NOT coalesce(${unsafeInteger(sql)}, false) THEN coalesce(${sql}::VARCHAR, '""') END`,
      );
    default:
      return item('NULL::VARCHAR', `concat(${plainCell({ sql, kind }).join(', ')})`);
  }
}

/**
 * The full line, for a row the cheap test sent here, through one rewrite over all its cells: a
 * statement holds the rewrite's SQL once, however many columns it has (a copy per column cost
 * DuckDB several milliseconds each to plan).
 */
function rewrittenLine(cells: readonly CsvCell[]): string {
  const cell = `coalesce(c__.ready, '"' || replace(${neutralised('c__.text')}, '"', '""') || '"')`;
  return `array_to_string(list_transform([${cells.map(rewriteItem).join(', ')}], c__ -> ${cell}), ',') || chr(13) || chr(10)`;
}

/** The fast line: one `concat` call, neighbouring literals merged. */
function plainLine(cells: readonly CsvCell[]): string {
  const args = cells.flatMap((cell, i) => [...(i > 0 ? [`','`] : []), ...plainCell(cell)]);
  args.push('chr(13)', 'chr(10)');
  const merged: string[] = [];
  for (const arg of args) {
    const last = merged[merged.length - 1];
    const literals = last?.startsWith("'") && last.endsWith("'") && arg.startsWith("'") && arg.endsWith("'");
    if (last && literals) merged[merged.length - 1] = `${last.slice(0, -1)}${arg.slice(1)}`;
    else merged.push(arg);
  }
  return `concat(${merged.join(', ')})`;
}

/** A row's CSV line, CRLF included, from its cells in column order. */
export function csvLineSql(cells: readonly CsvCell[]): string {
  const guards = cells.flatMap((cell) => mayChange(cell) ?? []);
  if (guards.length === 0) return plainLine(cells);
  return `CASE WHEN ${guards.join(' OR ')} THEN ${rewrittenLine(cells)} ELSE ${plainLine(cells)} END`;
}

/** A column of a table statement's result, by name, and how its CSV cells are written. */
export interface CsvColumn {
  name: string;
  kind: CsvCellKind;
}

const RESULT = 'csv_rows';

/**
 * A table statement with each row's CSV line as one more column, `line` (the table's `columns`
 * only: a tenant statement's tenant stays out), computed over the statement's own result.
 * The line is computed on top of the ordered statement, not inside it: inside, DuckDB builds every
 * line before sorting and then sorts them along (more work, and the lines' bytes end up scattered
 * in memory instead of side by side). DuckDB keeps an ordered subquery's order through a
 * projection over it (its planner marks the order as fixed, whatever `preserve_insertion_order`
 * says); tests hold the lines to the statement's own rows, in its order.
 */
export function withCsvLines(sql: string, columns: readonly CsvColumn[], line = CSV_LINE_COLUMN): string {
  const cells = columns.map(({ name, kind }) => ({ sql: `${RESULT}.${sqlIdentifier(name)}`, kind }));
  return `SELECT *, ${csvLineSql(cells)} AS ${sqlIdentifier(line)}\nFROM (\n${sql}\n) AS ${RESULT}`;
}
