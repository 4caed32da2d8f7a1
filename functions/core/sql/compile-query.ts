import type {
  GroupAggregation,
  QueryDefinition,
  RecordCondition,
  RowsAggregation,
  SeriesAggregation,
} from '../catalog/query-definition.js';
import { DAY_MS } from '../period/period.js';
import type { TimeWindow } from '../records/audit-record.js';
import {
  type FieldScope,
  fieldText,
  fieldValues,
  isChangeDetail,
  OCCURRED_ISO,
  REPORT_TENANT,
} from './field-sql.js';
import { roleChangeRowsSql } from './role-change-rows.js';
import { type LambdaNames, lambdaNames } from './role-change-sql.js';
import { sqlIdentifier as id, sqlInteger, sqlText, sqlTextList } from './sql-literal.js';
import { tenantDataSql } from './tenant-data-sql.js';

/** The relation of the evidence records (the evidence lines' columns, `data` as JSON). */
export const RECORDS = 'records';
/** One row per record and (distinct) tenant it names, for the tenants that get a report. */
export const TENANT_RECORDS = 'tenant_records';
/** The tenants that get a report (`tenant`), configured or seen and accepted. */
export const REPORT_TENANTS = 'report_tenants';

/** Group values that are empty form their own group under this name. */
export const UNKNOWN = 'unknown';

/** Whether a query reads change details (its columns or its `where`), which can name other tenants. */
function readsChangeDetails(query: QueryDefinition): boolean {
  const spec = query.aggregation;
  const columns =
    spec.kind === 'rows'
      ? spec.columns.map((c) => c.field)
      : spec.kind === 'group'
        ? [...spec.groupBy, ...spec.distinct].map((c) => c.field)
        : [];
  return [...columns, ...query.where.map((c) => c.field)].some(isChangeDetail);
}

/**
 * The relation a query reads, after its `where`. A tenant's query that reads change details reads
 * the tenant's view of `data` (tenant-data-sql.ts), so no other tenant's role entries reach it.
 */
export function fromClause(
  query: QueryDefinition,
  scope: FieldScope,
  names: LambdaNames = lambdaNames(),
): { from: string; scope: FieldScope } {
  if (!scope.tenant) return { from: `FROM ${RECORDS}${whereClause(query, scope)}`, scope };
  if (!readsChangeDetails(query))
    return { from: `FROM ${TENANT_RECORDS}${whereClause(query, scope)}`, scope };
  const viewed = { ...scope, tenantData: true };
  const relation = `(SELECT * REPLACE (${tenantDataSql(REPORT_TENANT, names)} AS ${id('data')}) FROM ${TENANT_RECORDS}) AS ${TENANT_RECORDS}`;
  return { from: `FROM ${relation}${whereClause(query, viewed)}`, scope: viewed };
}

/**
 * The SQL of a query and the columns of its table (a tenant's statement adds `report_tenant` first).
 * A SQL query's columns are its statement's, which only DuckDB knows: `columns` is then absent.
 */
export interface CompiledQuery {
  sql: string;
  columns?: string[];
}

/** A query written in SQL, which goes in the project's report only (see `sqlQueryDefinitionSchema`). */
export const isCustomSqlQuery = (query: QueryDefinition): boolean => query.aggregation.kind === 'sql';

function condition(c: RecordCondition, scope: FieldScope): string {
  const values = fieldValues(c.field, scope);
  const wanted = c.in ?? c.notIn ?? [];
  const hit =
    'list' in values
      ? `list_has_any(${values.list}, ${sqlTextList(wanted)})`
      : `${values.text} IN (${wanted.map(sqlText).join(', ')})`;
  return c.in ? hit : `NOT (${hit})`;
}

function whereClause(query: QueryDefinition, scope: FieldScope): string {
  if (query.where.length === 0) return '';
  return `\nWHERE ${query.where.map((c) => condition(c, scope)).join('\n  AND ')}`;
}

/** A field's value as a group shows it: empty values form the `unknown` group. */
export const groupValueSql = (field: string, scope: FieldScope): string =>
  `coalesce(nullif(${fieldText(field, scope)}, ''), '${UNKNOWN}')`;

const lead = (scope: FieldScope) => (scope.tenant ? [id(REPORT_TENANT)] : []);

function groupSql(spec: GroupAggregation, from: string, scope: FieldScope): string {
  const keys = spec.groupBy.map((g) => `${groupValueSql(g.field, scope)} AS ${id(g.column)}`);
  const select = [
    ...lead(scope),
    ...keys,
    `count(*) AS ${id(spec.count)}`,
    ...spec.distinct.map(
      (d) => `count(DISTINCT nullif(${fieldText(d.field, scope)}, '')) AS ${id(d.column)}`,
    ),
    ...(spec.timeRange
      ? [
          `${OCCURRED_ISO.replace(id('occurredMs'), `min(${id('occurredMs')})`)} AS ${id('first_seen')}`,
          `${OCCURRED_ISO.replace(id('occurredMs'), `max(${id('occurredMs')})`)} AS ${id('last_seen')}`,
        ]
      : []),
  ];
  const n = lead(scope).length;
  const groups = spec.groupBy.map((_, i) => String(n + i + 1));
  const order = [...lead(scope).map((_, i) => String(i + 1)), `${n + keys.length + 1} DESC`, ...groups];
  return `SELECT ${select.join(',\n       ')}\n${from}\nGROUP BY ${[...lead(scope).map((_, i) => String(i + 1)), ...groups].join(', ')}\nORDER BY ${order.join(', ')}`;
}

function rowsSql(spec: RowsAggregation, from: string, scope: FieldScope, names: LambdaNames): string {
  if (spec.expand) return roleChangeRowsSql(spec, from, scope, names);
  const cells = spec.columns.map((c) => fieldText(c.field, scope));
  const select = [
    ...lead(scope),
    ...cells.map((cell, i) => `${cell} AS ${id(spec.columns[i]?.column ?? '')}`),
  ];
  const order = [...lead(scope), id('occurredMs'), `to_json(list_value(${cells.join(', ')}))::VARCHAR`];
  return `SELECT ${select.join(',\n       ')}\n${from}\nORDER BY ${order.join(', ')}`;
}

function seriesSql(spec: SeriesAggregation, from: string, scope: FieldScope, period: TimeWindow): string {
  const first = Math.floor(period.from / DAY_MS) * DAY_MS;
  const day = `(floor(${id('occurredMs')} / ${DAY_MS})::BIGINT * ${DAY_MS})`;
  const days = `SELECT unnest(range(${sqlInteger(first)}, ${sqlInteger(Math.max(first, period.to))}, ${DAY_MS})) AS day_ms`;
  const grid = scope.tenant
    ? `SELECT tenant AS ${id(REPORT_TENANT)}, day_ms FROM ${REPORT_TENANTS}, days`
    : 'SELECT day_ms FROM days';
  const keys = [...lead(scope), 'day_ms'];
  return [
    `WITH days AS (${days}),`,
    `grid AS (${grid}),`,
    `counts AS (SELECT ${[...lead(scope), `${day} AS day_ms`, 'count(*) AS n'].join(', ')}\n${from}\nGROUP BY ${keys.map((_, i) => i + 1).join(', ')})`,
    `SELECT ${[...lead(scope), `strftime(epoch_ms(day_ms), '%Y-%m-%d') AS ${id(spec.column)}`, `coalesce(n, 0) AS ${id(spec.count)}`].join(', ')}`,
    `FROM grid FULL JOIN counts USING (${keys.join(', ')})`,
    `ORDER BY ${keys.join(', ')}`,
  ].join('\n');
}

/**
 * One SQL statement computing a query's table over `records` (or, for the tenants' reports, over
 * `tenant_records`, with `report_tenant` as the first column). It follows the rules the report has
 * always stated: empty group values form an `unknown` group and are not counted as distinct;
 * groups go by count (descending), then values; rows by time, then content; a series has every
 * UTC day of `period`, quiet days as 0. `top` limits only the HTML view, so the SQL keeps all rows.
 */
export function compileQuery(
  query: QueryDefinition,
  period: TimeWindow,
  queryScope: FieldScope,
): CompiledQuery {
  if (query.aggregation.kind === 'sql') {
    if (queryScope.tenant)
      throw new Error(`Query ${query.id} is written in SQL and has no tenant's statement`);
    return { sql: query.aggregation.sql };
  }
  // One statement, one set of lambda names: the same query always compiles to the same text.
  const names = lambdaNames();
  const { from, scope } = fromClause(query, queryScope, names);
  const spec = query.aggregation;
  const tenantColumn = scope.tenant ? [REPORT_TENANT] : [];
  switch (spec.kind) {
    case 'group':
      return {
        sql: groupSql(spec, from, scope),
        columns: [
          ...tenantColumn,
          ...spec.groupBy.map((g) => g.column),
          spec.count,
          ...spec.distinct.map((d) => d.column),
          ...(spec.timeRange ? ['first_seen', 'last_seen'] : []),
        ],
      };
    case 'rows':
      return {
        sql: rowsSql(spec, from, scope, names),
        columns: [...tenantColumn, ...spec.columns.map((c) => c.column)],
      };
    case 'series':
      return {
        sql: seriesSql(spec, from, scope, period),
        columns: [...tenantColumn, spec.column, spec.count],
      };
  }
}

/**
 * The records a query reads (after its `where`), where its table does not say: a role-change
 * expansion has a row per change, not per record. One row (per tenant, tenant first) of `count`.
 */
export function compileRecordCount(query: QueryDefinition, scope: FieldScope): string {
  const { from } = fromClause(query, scope);
  return scope.tenant
    ? `SELECT ${id(REPORT_TENANT)}, count(*) ${from}\nGROUP BY 1`
    : `SELECT count(*) ${from}`;
}

/**
 * The table of a query without records (a tenant first seen in a later collection): no rows, or
 * for a series every day of `period` at 0.
 */
export function emptyTable(
  query: QueryDefinition,
  period: TimeWindow,
): { columns: string[]; rows: Array<Array<string | number>> } {
  const columns = compileQuery(query, period, { tenant: false }).columns ?? [];
  if (query.aggregation.kind !== 'series') return { columns, rows: [] };
  const rows: Array<Array<string | number>> = [];
  for (let day = Math.floor(period.from / DAY_MS) * DAY_MS; day < period.to; day += DAY_MS)
    rows.push([new Date(day).toISOString().slice(0, 10), 0]);
  return { columns, rows };
}
