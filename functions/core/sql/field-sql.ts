import { DUCKDB_DIALECT, type SqlDialect } from './sql-dialect.js';
import { sqlIdentifier } from './sql-literal.js';

/*
 * Fields of the catalog as SQL over the `records` relation (the evidence lines' columns, `data` as
 * JSON), giving the text `readField` has always shown: lists joined by `; `, objects as JSON,
 * missing values as ''. Paths are data, never SQL: each segment is checked and quoted. One walk
 * for every engine: the words come from a dialect (sql-dialect.ts), DuckDB's by default.
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

/** `occurred` as ISO 8601 UTC with milliseconds, as `Date#toISOString` writes it (DuckDB). */
export const OCCURRED_ISO = DUCKDB_DIALECT.occurredIso(column('occurredMs'));

/**
 * `body(value)` over the value of `expression`. A body naming its value several times repeats the
 * expression, and a path's steps nest, so past a path's first step (read from the `data` column
 * itself, where repeating costs little) the value is computed once, in a one-element list.
 */
const bind = (
  d: SqlDialect,
  expression: string,
  segments: number,
  name: string,
  body: (value: string) => string,
) => (segments > 1 ? d.once(expression, name, body) : body(expression));

/** One JSON value as table text: text as is, lists (two levels) joined by `; `, anything else as JSON. */
function scalarText(d: SqlDialect, json: string, depth: number): string {
  const list =
    depth > 0
      ? ` WHEN ${d.kinds.list} THEN ${d.join(
          d.map(d.elements(json), `x${depth}`, (x) => scalarText(d, x, depth - 1)),
          "'; '",
        )}`
      : '';
  return d.withText(
    json,
    `t${depth}`,
    (kind, text) =>
      `coalesce(CASE ${kind} WHEN ${d.kinds.text} THEN ${d.stringText(json)} WHEN ${d.kinds.null} THEN ''${list} ELSE ${text} END, '')`,
  );
}

/** The JSON value at a `data` path (NULL when absent), walking objects by key and lists by index. */
function jsonAt(d: SqlDialect, segments: readonly string[]): string {
  let json = d.data;
  for (const [i, segment] of segments.entries()) {
    if (!SEGMENT.test(segment)) throw new Error(`field segment ${segment} is not a name`);
    const inList = INDEX.test(segment)
      ? (j: string) => d.item(j, segment)
      : segment === 'length'
        ? (j: string) => d.lengthJson(j)
        : () => 'NULL';
    json = bind(
      d,
      json,
      i + 1,
      'j',
      (j) =>
        `(CASE ${d.kind(j)} WHEN ${d.kinds.object} THEN ${d.member(j, segment)} WHEN ${d.kinds.list} THEN ${inList(j)} END)`,
    );
  }
  return json;
}

/** An element (or the length) of a list column, as text. */
function listMember(d: SqlDialect, list: string, segment: string): string {
  if (INDEX.test(segment)) return `coalesce(${d.listAt(list, Number(segment))}, '')`;
  return segment === 'length' ? d.listLengthText(list) : `''`;
}

function listColumn(d: SqlDialect, name: string, scope: FieldScope): string {
  return name === 'tenants' && scope.tenant ? d.list([column(REPORT_TENANT)]) : column(name);
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

/** The SQL text of a field, as the report's tables show it, in `dialect` (DuckDB's by default). */
export function fieldText(path: string, scope: FieldScope, d: SqlDialect = DUCKDB_DIALECT): string {
  if (path === 'occurred') return d.occurredIso(column('occurredMs'));
  if (path === 'scimOutcome') return d.scimOutcome;
  const [head = '', ...rest] = path.split('.');
  if (head === 'data') {
    guardTenantScope(rest, scope);
    return rest.length === 0
      ? `coalesce(${d.jsonText(d.data)}, '')`
      : bind(d, jsonAt(d, rest), rest.length, 's', (s) => scalarText(d, s, 2));
  }
  if (LIST_COLUMNS.has(head)) {
    const list = listColumn(d, head, scope);
    if (rest.length === 0) return d.join(list, "'; '");
    return rest.length === 1 ? listMember(d, list, rest[0] ?? '') : `''`;
  }
  if (rest.length > 0) return `''`;
  if (head === 'id') return `coalesce(${column('id')}, '')`;
  return TEXT_COLUMNS.has(head) ? column(head) : `''`;
}

/** The values a condition compares (each element of a list, else the value's text), as a text list. */
export function fieldValues(
  path: string,
  scope: FieldScope,
  d: SqlDialect = DUCKDB_DIALECT,
): { list: string } | { text: string } {
  const [head = '', ...rest] = path.split('.');
  if (LIST_COLUMNS.has(head) && rest.length === 0) return { list: listColumn(d, head, scope) };
  if (head === 'data' && rest.length > 0) {
    guardTenantScope(rest, scope);
    return {
      list: bind(
        d,
        jsonAt(d, rest),
        rest.length,
        'f',
        (f) =>
          `(CASE WHEN ${d.kind(f)} = ${d.kinds.list} THEN coalesce(${d.map(d.elements(f), 'v', (v) => scalarText(d, v, 1))}, ${d.emptyTextList}) ELSE ${d.list([scalarText(d, f, 2)])} END)`,
      ),
    };
  }
  return { text: fieldText(path, scope, d) };
}
