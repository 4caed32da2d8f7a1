import { jsonText } from './json-text.js';
import { sqlIdentifier, sqlInteger, sqlText } from './sql-literal.js';

/*
 * The SQL the report's statements are written in differs between engines only in the words for
 * the same operations: reading JSON, lists and lambdas, time. A dialect is that table of words;
 * the statements are written once over it (field-sql.ts), so DuckDB and Trino (Athena) compute
 * the same tables from one definition. DuckDB's entries give the exact text the report has always
 * run (queries.sql is unchanged by the table).
 */

/** The words one engine uses for the operations the report's statements need. */
export interface SqlDialect {
  name: 'duckdb' | 'trino';
  /** The record's `data` column as a JSON value. */
  data: string;
  /** The kind of a JSON value, compared with {@link SqlDialect.kinds}. */
  kind(json: string): string;
  /** SQL literals naming the kinds `kind` gives. */
  kinds: { text: string; null: string; list: string; object: string; booleans: readonly string[] };
  /** The value of an object's `key` (a name already checked), NULL when absent. */
  member(json: string, key: string): string;
  /** A list's element at `index` (0-based, a checked digit string), NULL when absent. */
  item(json: string, index: string): string;
  /** A list's length, as a JSON number. */
  lengthJson(json: string): string;
  /** A JSON list's elements, as a list of JSON values. */
  elements(json: string): string;
  /** The text of a JSON string value. */
  stringText(json: string): string;
  /** A JSON value's text as `JSON.stringify` writes it. */
  jsonText(json: string): string;
  /** `body(kind, text)` of a JSON value (the text computed once where the dialect computes kinds from it). */
  withText(json: string, name: string, body: (kind: string, text: string) => string): string;
  /** `body(value)` with the value of `expression` computed once (bound to lambda parameter `name`). */
  once(expression: string, name: string, body: (value: string) => string): string;
  /** `body(x)` for each element `x` (lambda parameter `name`) of a list. */
  map(list: string, name: string, body: (element: string) => string): string;
  /** Text elements joined by `separator` (a SQL literal). */
  join(list: string, separator: string): string;
  /** A list literal of expressions. */
  list(items: readonly string[]): string;
  /** Whether two lists share an element. */
  overlaps(a: string, b: string): string;
  /** An empty list of text. */
  emptyTextList: string;
  /** A text list's element at `index` (0-based), NULL past its end. */
  listAt(list: string, index: number): string;
  /** A list's length as text. */
  listLengthText(list: string): string;
  /** The kind of an object's `key` (a fixed name), NULL when absent. */
  kindAt(json: string, key: string): string;
  /** The value of an object's `key` (a fixed name). */
  at(json: string, key: string): string;
  /** The text of the string at an object's `key` (a fixed name). */
  stringAt(json: string, key: string): string;
  /** A JSON value's elements as a list of JSON, empty when it is not a list. */
  elementsOrEmpty(json: string): string;
  /** A JSON object's `(key, value)` entries in order, read as `e.key` and `e.value` (a JSON null as NULL). */
  entries(json: string): string;
  /** The elements `x` (lambda parameter `name`) of a list for which `test(x)` holds. */
  filter(list: string, name: string, test: (element: string) => string): string;
  /** A list's length. */
  length(list: string): string;
  /** A text list sorted, each value once. */
  sortedDistinct(list: string): string;
  /** An empty text list, typed. */
  noTexts: string;
  /** A NULL of text. */
  nullText: string;
  /** A record of named fields; `type` is `fields`' Trino type (DuckDB infers it). */
  record(fields: ReadonlyArray<readonly [string, string]>, type: string): string;
  /** The `data` column as the role-change statements name it (a JSON value). */
  dataValue: string;
  /** `SELECT columns, x AS alias FROM relation [WHERE where]`, a row for each element x of `list`. */
  unnestSelect(
    columns: string,
    list: string,
    alias: string,
    relation: string,
    where?: string,
    separator?: string,
  ): string;
  /** A text list's non-empty values in order, each once, joined by `; `. */
  distinctTexts(list: string): string;
  /** Whether text contains `role`, in any case. */
  mentionsRole(text: string): string;
  /** A row's cells as one JSON list's text (a tie-break that orders rows by content). */
  cellsText(cells: readonly string[]): string;
  /** Epoch milliseconds as ISO 8601 UTC with milliseconds, as `Date#toISOString` writes it. */
  occurredIso(ms: string): string;
  /** Outcome of a SCIMEvent: a resource in `scim_result`, else an error present in `error`. */
  scimOutcome: string;
}

const column = (name: string) => sqlIdentifier(name);

/** DuckDB: `data` is a JSON column; lists are `[…]` with 1-based subscripts. */
export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  data: column('data'),
  kind: (json) => `json_type(${json})`,
  kinds: { text: `'VARCHAR'`, null: `'NULL'`, list: `'ARRAY'`, object: `'OBJECT'`, booleans: [`'BOOLEAN'`] },
  member: (json, key) => `json_extract(${json}, ${sqlText(`$."${key}"`)})`,
  item: (json, index) => `json_extract(${json}, ${sqlText(`$[${index}]`)})`,
  lengthJson: (json) => `to_json(json_array_length(${json}))`,
  elements: (json) => `json_extract(${json}, '$[*]')`,
  stringText: (json) => `json_extract_string(${json}, '$')`,
  jsonText,
  withText: (json, _name, body) => body(`json_type(${json})`, jsonText(json)),
  once: (expression, name, body) => `list_transform([${expression}], ${name} -> ${body(name)})[1]`,
  map: (list, name, body) => `list_transform(${list}, ${name} -> ${body(name)})`,
  join: (list, separator) => `array_to_string(${list}, ${separator})`,
  list: (items) => `[${items.join(', ')}]`,
  overlaps: (a, b) => `list_has_any(${a}, ${b})`,
  emptyTextList: '[]',
  listAt: (list, index) => `${list}[${sqlInteger(index + 1)}]`,
  listLengthText: (list) => `len(${list})::VARCHAR`,
  kindAt: (json, key) => `json_type(${json}, ${sqlText(`$.${key}`)})`,
  at: (json, key) => `json_extract(${json}, ${sqlText(`$.${key}`)})`,
  stringAt: (json, key) => `json_extract_string(${json}, ${sqlText(`$.${key}`)})`,
  elementsOrEmpty: (json) => `coalesce(json_extract(${json}, '$[*]'), [])`,
  entries: (json) => `map_entries(json_transform(${json}, '"MAP(VARCHAR, JSON)"'))`,
  filter: (list, name, test) => `list_filter(${list}, ${name} -> ${test(name)})`,
  length: (list) => `len(${list})`,
  sortedDistinct: (list) => `list_sort(list_distinct(${list}))`,
  noTexts: '[]::VARCHAR[]',
  nullText: 'NULL::VARCHAR',
  record: (fields) => `{${fields.map(([name, value]) => `${sqlText(name)}: ${value}`).join(', ')}}`,
  dataValue: 'data',
  unnestSelect: (columns, list, alias, relation, where, separator = ' ') =>
    `SELECT ${columns}, unnest(${list}) AS ${alias}${separator}FROM ${relation}${where ? `${separator}WHERE ${where}` : ''}`,
  distinctTexts: (list) =>
    `array_to_string(list_filter(${list}, (x, i) -> x <> '' AND list_position(${list}, x) = i), '; ')`,
  mentionsRole: (text) => `regexp_matches(${text}, 'role', 'i')`,
  cellsText: (cells) => `to_json(list_value(${cells.join(', ')}))::VARCHAR`,
  occurredIso: (ms) => `strftime(epoch_ms(${ms}), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  scimOutcome: `CASE WHEN json_type(${column('data')}, '$.scim_result') IN ('OBJECT', 'ARRAY') THEN 'succeeded'
  WHEN coalesce(json_type(${column('data')}, '$.error'), 'NULL') <> 'NULL'
   AND NOT (json_type(${column('data')}, '$.error') = 'VARCHAR' AND json_extract_string(${column('data')}, '$.error') = '') THEN 'failed'
  ELSE 'unknown' END`,
};
