import { type FieldScope, isChangeDetail, REPORT_TENANT } from '../field-sql.js';
import { sqlIdentifier, sqlInteger, sqlText } from '../sql-literal.js';

/*
 * The catalog's fields in Trino (Athena engine v3) SQL, giving the same text as field-sql.ts gives
 * in DuckDB: lists joined by `; `, objects as JSON, missing values as ''. Over a `records`
 * relation whose `data` is the record's JSON as text (what the Glue table's JSON SerDe hands a
 * string column). Trino has no `json_type`: a JSON value's kind is the first character of
 * `json_format`, which is exact for any valid JSON text.
 */

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const INDEX = /^(0|[1-9][0-9]{0,8})$/;
const TEXT_COLUMNS = new Set([
  'action',
  'userId',
  'actorId',
  'geo',
  'remoteAddress',
  'device',
  'method',
  'type',
  'projectId',
]);
const LIST_COLUMNS = new Set(['loginIds', 'tenants']);

const column = (name: string) => sqlIdentifier(name);

/** The kind of a JSON value: `"` text, `[` list, `{` object, `n` null, anything else a number or boolean. */
export const jsonKind = (json: string): string => `substr(json_format(${json}), 1, 1)`;

/** `occurred` (an expression of epoch milliseconds) as `Date#toISOString` writes it. */
export function occurredIsoTrino(ms: string): string {
  const seconds = `(${ms} - ${ms} % 1000) / 1000`;
  return `(date_format(from_unixtime(${seconds}, 'UTC'), '%Y-%m-%dT%H:%i:%s') || '.' || lpad(CAST(${ms} % 1000 AS VARCHAR), 3, '0') || 'Z')`;
}

/** A UTC day (epoch milliseconds at midnight) as `YYYY-MM-DD`. */
export const dayTextTrino = (dayMs: string): string =>
  `date_format(from_unixtime(${dayMs} / 1000, 'UTC'), '%Y-%m-%d')`;

/** The record's `data` as a JSON value. */
const DATA = `json_parse(${column('data')})`;

/** Outcome of a SCIMEvent, as field-sql.ts reads it. */
const SCIM_OUTCOME = `CASE WHEN ${jsonKind(`json_extract(${DATA}, '$["scim_result"]')`)} IN ('{', '[') THEN 'succeeded'
  WHEN coalesce(json_format(json_extract(${DATA}, '$["error"]')), 'null') <> 'null'
   AND NOT coalesce(json_format(json_extract(${DATA}, '$["error"]')) = '""', false) THEN 'failed'
  ELSE 'unknown' END`;

/** `body(value)` over the value of `expression`, computed once (a lambda over a one-element array). */
const once = (expression: string, name: string, body: (value: string) => string) =>
  `element_at(transform(ARRAY[${expression}], ${name} -> ${body(name)}), 1)`;

/**
 * `body(value)` over the value of `expression`, computed once: past a path's first step the value
 * is bound in a one-element array (as field-sql.ts does), so nested steps do not multiply the text.
 */
const bind = (expression: string, segments: number, name: string, body: (value: string) => string) =>
  segments > 1 ? once(expression, name, body) : body(expression);

/**
 * One JSON value as table text: text as is, lists (two levels) joined by `; `, anything else as
 * JSON. Its JSON text is computed once and gives the kind too.
 */
export function scalarTextTrino(json: string, depth: number): string {
  const list =
    depth > 0
      ? ` WHEN '[' THEN array_join(transform(CAST(${json} AS ARRAY(JSON)), x${depth} -> ${scalarTextTrino(`x${depth}`, depth - 1)}), '; ')`
      : '';
  return once(
    `json_format(${json})`,
    `t${depth}`,
    (t) =>
      `coalesce(CASE substr(${t}, 1, 1) WHEN '"' THEN json_extract_scalar(${json}, '$') WHEN 'n' THEN ''${list} ELSE ${t} END, '')`,
  );
}

/** The JSON value at a `data` path (NULL when absent), walking objects by key and lists by index. */
function jsonAt(segments: readonly string[]): string {
  let json = DATA;
  for (const [i, segment] of segments.entries()) {
    if (!SEGMENT.test(segment)) throw new Error(`field segment ${segment} is not a name`);
    const inList = INDEX.test(segment)
      ? (j: string) => `json_extract(${j}, ${sqlText(`$[${segment}]`)})`
      : segment === 'length'
        ? (j: string) => `CAST(json_array_length(${j}) AS JSON)`
        : () => 'NULL';
    json = bind(
      json,
      i + 1,
      'j',
      (j) =>
        `(CASE ${jsonKind(j)} WHEN '{' THEN json_extract(${j}, ${sqlText(`$["${segment}"]`)}) WHEN '[' THEN ${inList(j)} END)`,
    );
  }
  return json;
}

/** An element (or the length) of a list column, as text. */
function listMember(list: string, segment: string): string {
  if (INDEX.test(segment))
    return `coalesce(CASE WHEN cardinality(${list}) > ${sqlInteger(Number(segment))} THEN element_at(${list}, ${sqlInteger(Number(segment) + 1)}) END, '')`;
  return segment === 'length' ? `CAST(cardinality(${list}) AS VARCHAR)` : `''`;
}

function listColumn(name: string, scope: FieldScope): string {
  return name === 'tenants' && scope.tenant ? `ARRAY[${column(REPORT_TENANT)}]` : column(name);
}

/** Why a field has no Trino form yet (a tenant's view of change details), or undefined. */
export function unsupportedFieldTrino(path: string, scope: FieldScope): string | undefined {
  return scope.tenant && isChangeDetail(path)
    ? `${path} in a tenant's report needs the tenant's view of change details, which only the DuckDB dialect emits`
    : undefined;
}

/** The Trino text of a field, as the report's tables show it. */
export function fieldTextTrino(path: string, scope: FieldScope): string {
  const refused = unsupportedFieldTrino(path, scope);
  if (refused) throw new Error(refused);
  if (path === 'occurred') return occurredIsoTrino(column('occurredMs'));
  if (path === 'scimOutcome') return SCIM_OUTCOME;
  const [head = '', ...rest] = path.split('.');
  if (head === 'data')
    return rest.length === 0
      ? `coalesce(json_format(${DATA}), '')`
      : once(jsonAt(rest), 's', (s) => scalarTextTrino(s, 2));
  if (LIST_COLUMNS.has(head)) {
    const list = listColumn(head, scope);
    if (rest.length === 0) return `array_join(${list}, '; ')`;
    return rest.length === 1 ? listMember(list, rest[0] ?? '') : `''`;
  }
  if (rest.length > 0) return `''`;
  if (head === 'id') return `coalesce(${column('id')}, '')`;
  return TEXT_COLUMNS.has(head) ? column(head) : `''`;
}

/** The values a condition compares (each element of a list, else the value's text), as `ARRAY(VARCHAR)`. */
export function fieldValuesTrino(path: string, scope: FieldScope): { list: string } | { text: string } {
  const [head = '', ...rest] = path.split('.');
  if (LIST_COLUMNS.has(head) && rest.length === 0) return { list: listColumn(head, scope) };
  if (head === 'data' && rest.length > 0) {
    const refused = unsupportedFieldTrino(path, scope);
    if (refused) throw new Error(refused);
    return {
      list: once(
        jsonAt(rest),
        'f',
        (f) =>
          `(CASE WHEN ${jsonKind(f)} = '[' THEN transform(CAST(${f} AS ARRAY(JSON)), v -> ${scalarTextTrino('v', 1)}) ELSE ARRAY[${scalarTextTrino(f, 2)}] END)`,
      ),
    };
  }
  return { text: fieldTextTrino(path, scope) };
}
