import { jsonText } from './json-text.js';
import { sqlIdentifier, sqlInteger, sqlText } from './sql-literal.js';

/*
 * Fields of the catalog as SQL over the `records` relation (the evidence lines' columns, `data` as
 * JSON), giving the text `readField` has always shown: lists joined by `; `, objects as JSON,
 * missing values as ''. Paths are data, never SQL: each segment is checked and quoted.
 */

/** Whether the relation is a tenant's view: one row per record and tenant, in `report_tenant`. */
export interface FieldScope {
  tenant: boolean;
  /**
   * The relation's `data` is the tenant's view (other tenants' role entries removed, see
   * tenant-data-sql.ts): change details can be shown. @default false
   */
  tenantData?: boolean;
}

/** The column holding a tenant's ID in a tenant's view of the records. */
export const REPORT_TENANT = 'report_tenant';

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
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const INDEX = /^(0|[1-9][0-9]{0,8})$/;

const column = (name: string) => sqlIdentifier(name);

/** `occurred` as ISO 8601 UTC with milliseconds, as `Date#toISOString` writes it. */
export const OCCURRED_ISO = `strftime(epoch_ms(${column('occurredMs')}), '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** Outcome of a SCIMEvent: a resource in `scim_result`, else an error present in `error`. */
const SCIM_OUTCOME = `CASE WHEN json_type(${column('data')}, '$.scim_result') IN ('OBJECT', 'ARRAY') THEN 'succeeded'
  WHEN coalesce(json_type(${column('data')}, '$.error'), 'NULL') <> 'NULL'
   AND NOT (json_type(${column('data')}, '$.error') = 'VARCHAR' AND json_extract_string(${column('data')}, '$.error') = '') THEN 'failed'
  ELSE 'unknown' END`;

/**
 * `body(value)` over the value of `expression`. A body naming its value several times repeats the
 * expression, and a path's steps nest, so past a path's first step (read from the `data` column
 * itself, where repeating costs little) the value is computed once, in a one-element list.
 */
const bind = (expression: string, segments: number, name: string, body: (value: string) => string) =>
  segments > 1 ? `list_transform([${expression}], ${name} -> ${body(name)})[1]` : body(expression);

/** One JSON value as table text: text as is, lists (two levels) joined by `; `, anything else as JSON. */
function scalarText(json: string, depth: number): string {
  const list =
    depth > 0
      ? ` WHEN 'ARRAY' THEN array_to_string(list_transform(json_extract(${json}, '$[*]'), x${depth} -> ${scalarText(`x${depth}`, depth - 1)}), '; ')`
      : '';
  return `coalesce(CASE json_type(${json}) WHEN 'VARCHAR' THEN json_extract_string(${json}, '$') WHEN 'NULL' THEN ''${list} ELSE ${jsonText(json)} END, '')`;
}

/** The JSON value at a `data` path (NULL when absent), walking objects by key and lists by index. */
function jsonAt(segments: readonly string[]): string {
  let json = column('data');
  for (const [i, segment] of segments.entries()) {
    if (!SEGMENT.test(segment)) throw new Error(`field segment ${segment} is not a name`);
    const inList = INDEX.test(segment)
      ? (j: string) => `json_extract(${j}, ${sqlText(`$[${segment}]`)})`
      : segment === 'length'
        ? (j: string) => `to_json(json_array_length(${j}))`
        : () => 'NULL';
    json = bind(
      json,
      i + 1,
      'j',
      (j) =>
        `(CASE json_type(${j}) WHEN 'OBJECT' THEN json_extract(${j}, ${sqlText(`$."${segment}"`)}) WHEN 'ARRAY' THEN ${inList(j)} END)`,
    );
  }
  return json;
}

/** An element (or the length) of a list column, as text. */
function listMember(list: string, segment: string): string {
  if (INDEX.test(segment)) return `coalesce(${list}[${sqlInteger(Number(segment) + 1)}], '')`;
  return segment === 'length' ? `len(${list})::VARCHAR` : `''`;
}

function listColumn(name: string, scope: FieldScope): string {
  return name === 'tenants' && scope.tenant ? `[${column(REPORT_TENANT)}]` : column(name);
}

/** Change details (`data.Change`, `data.users`, `data` itself) can name other tenants' roles. */
export const isChangeDetail = (path: string): boolean =>
  path === 'data' || /^data\.(Change|users)(\.|$)/.test(path);

/**
 * A tenant's report reads change details only from its own view of `data` (`tenantData`): reading
 * them from the record would show other tenants.
 */
function guardTenantScope(segments: readonly string[], scope: FieldScope): void {
  if (scope.tenant && !scope.tenantData && isChangeDetail(['data', ...segments].join('.')))
    throw new Error(
      `data.${segments.join('.')} can be shown in a tenant's report only from the tenant's view of data`,
    );
}

/** The SQL text of a field, as the report's tables show it. */
export function fieldText(path: string, scope: FieldScope): string {
  if (path === 'occurred') return OCCURRED_ISO;
  if (path === 'scimOutcome') return SCIM_OUTCOME;
  const [head = '', ...rest] = path.split('.');
  if (head === 'data') {
    guardTenantScope(rest, scope);
    return rest.length === 0
      ? `coalesce(${jsonText(column('data'))}, '')`
      : bind(jsonAt(rest), rest.length, 's', (s) => scalarText(s, 2));
  }
  if (LIST_COLUMNS.has(head)) {
    const list = listColumn(head, scope);
    if (rest.length === 0) return `array_to_string(${list}, '; ')`;
    return rest.length === 1 ? listMember(list, rest[0] ?? '') : `''`;
  }
  if (rest.length > 0) return `''`;
  if (head === 'id') return `coalesce(${column('id')}, '')`;
  return TEXT_COLUMNS.has(head) ? column(head) : `''`;
}

/** The values a condition compares (each element of a list, else the value's text), as `VARCHAR[]`. */
export function fieldValues(path: string, scope: FieldScope): { list: string } | { text: string } {
  const [head = '', ...rest] = path.split('.');
  if (LIST_COLUMNS.has(head) && rest.length === 0) return { list: listColumn(head, scope) };
  if (head === 'data' && rest.length > 0) {
    guardTenantScope(rest, scope);
    return {
      list: bind(
        jsonAt(rest),
        rest.length,
        'f',
        (f) =>
          `(CASE WHEN json_type(${f}) = 'ARRAY' THEN coalesce(list_transform(json_extract(${f}, '$[*]'), v -> ${scalarText('v', 1)}), []) ELSE [${scalarText(f, 2)}] END)`,
      ),
    };
  }
  return { text: fieldText(path, scope) };
}
