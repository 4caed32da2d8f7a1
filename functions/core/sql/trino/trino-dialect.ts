import type { SqlDialect } from '../sql-dialect.js';
import { sqlIdentifier, sqlInteger, sqlText } from '../sql-literal.js';

/*
 * Trino (Athena engine v3): `data` is the record's JSON as text (what the Glue table's JSON SerDe
 * hands a string column), parsed where read. Trino has no `json_type`: a JSON value's kind is the
 * first character of `json_format`, which is exact for any valid JSON text.
 */

const column = (name: string) => sqlIdentifier(name);

/** The kind of a JSON value: `"` text, `[` list, `{` object, `n` null, anything else a number or boolean. */
export const jsonKind = (json: string): string => `substr(json_format(${json}), 1, 1)`;

const DATA = `json_parse(${column('data')})`;
const once = (expression: string, name: string, body: (value: string) => string) =>
  `element_at(transform(ARRAY[${expression}], ${name} -> ${body(name)}), 1)`;

/** `occurred` (an expression of epoch milliseconds) as `Date#toISOString` writes it. */
export function occurredIsoTrino(ms: string): string {
  const seconds = `(${ms} - ${ms} % 1000) / 1000`;
  return `(date_format(from_unixtime(${seconds}, 'UTC'), '%Y-%m-%dT%H:%i:%s') || '.' || lpad(CAST(${ms} % 1000 AS VARCHAR), 3, '0') || 'Z')`;
}

/** The Trino words for the report's statements. */
export const TRINO_DIALECT: SqlDialect = {
  name: 'trino',
  data: DATA,
  kind: jsonKind,
  kinds: { text: `'"'`, null: `'n'`, list: `'['`, object: `'{'`, booleans: [`'t'`, `'f'`] },
  member: (json, key) => `json_extract(${json}, ${sqlText(`$["${key}"]`)})`,
  item: (json, index) => `json_extract(${json}, ${sqlText(`$[${index}]`)})`,
  lengthJson: (json) => `CAST(json_array_length(${json}) AS JSON)`,
  elements: (json) => `CAST(${json} AS ARRAY(JSON))`,
  stringText: (json) => `json_extract_scalar(${json}, '$')`,
  jsonText: (json) => `json_format(${json})`,
  withText: (json, name, body) =>
    once(`json_format(${json})`, name, (text) => body(`substr(${text}, 1, 1)`, text)),
  once,
  map: (list, name, body) => `transform(${list}, ${name} -> ${body(name)})`,
  join: (list, separator) => `array_join(${list}, ${separator})`,
  list: (items) => `ARRAY[${items.join(', ')}]`,
  overlaps: (a, b) => `arrays_overlap(${a}, ${b})`,
  emptyTextList: 'CAST(ARRAY[] AS ARRAY(VARCHAR))',
  listAt: (list, index) => `element_at(${list}, ${sqlInteger(index + 1)})`,
  listLengthText: (list) => `CAST(cardinality(${list}) AS VARCHAR)`,
  kindAt: (json, key) => jsonKind(`json_extract(${json}, ${sqlText(`$["${key}"]`)})`),
  at: (json, key) => `json_extract(${json}, ${sqlText(`$["${key}"]`)})`,
  stringAt: (json, key) => `json_extract_scalar(${json}, ${sqlText(`$["${key}"]`)})`,
  elementsOrEmpty: (json) => `coalesce(TRY_CAST(${json} AS ARRAY(JSON)), CAST(ARRAY[] AS ARRAY(JSON)))`,
  entries: (json) =>
    `CAST(map_entries(TRY_CAST(${json} AS MAP(VARCHAR, JSON))) AS ARRAY(ROW(key VARCHAR, value JSON)))`,
  filter: (list, name, test) => `filter(${list}, ${name} -> ${test(name)})`,
  length: (list) => `cardinality(${list})`,
  sortedDistinct: (list) => `array_sort(array_distinct(${list}))`,
  noTexts: 'CAST(ARRAY[] AS ARRAY(VARCHAR))',
  nullText: 'CAST(NULL AS VARCHAR)',
  record: (fields, type) => `CAST(ROW(${fields.map(([, value]) => value).join(', ')}) AS ${type})`,
  dataValue: `json_parse(data)`,
  unnestSelect: (columns, list, alias, relation, where) =>
    `SELECT ${columns === '*' ? 'f__.*' : columns}, n__.${alias} FROM ${relation} AS f__ CROSS JOIN UNNEST(${list}) AS n__ (${alias})${where ? ` WHERE ${where}` : ''}`,
  // Trino's array_distinct keeps each value's first place.
  distinctTexts: (list) => `array_join(filter(array_distinct(${list}), x -> x <> ''), '; ')`,
  mentionsRole: (text) => `regexp_like(${text}, '(?i)role')`,
  cellsText: (cells) => `json_format(CAST(ARRAY[${cells.join(', ')}] AS JSON))`,
  occurredIso: occurredIsoTrino,
  scimOutcome: `CASE WHEN ${jsonKind(`json_extract(${DATA}, '$["scim_result"]')`)} IN ('{', '[') THEN 'succeeded'
  WHEN coalesce(json_format(json_extract(${DATA}, '$["error"]')), 'null') <> 'null'
   AND NOT coalesce(json_format(json_extract(${DATA}, '$["error"]')) = '""', false) THEN 'failed'
  ELSE 'unknown' END`,
};
