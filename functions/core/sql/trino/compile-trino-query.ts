import type {
  GroupAggregation,
  QueryDefinition,
  RecordCondition,
  RowsAggregation,
  SeriesAggregation,
} from '../../catalog/query-definition.js';
import { DAY_MS } from '../../period/period.js';
import type { TimeWindow } from '../../records/audit-record.js';
import { RECORDS, REPORT_TENANTS, TENANT_RECORDS, UNKNOWN } from '../compile-query.js';
import { type FieldScope, REPORT_TENANT } from '../field-sql.js';
import { conditionsSql } from '../query-relation-sql.js';
import { roleChangeRowsSql } from '../role-change-rows.js';
import { lambdaNames } from '../role-change-sql.js';
import { sqlIdentifier as id, sqlInteger } from '../sql-literal.js';
import { TRINO_DIALECT } from './trino-dialect.js';
import { dayTextTrino, fieldTextTrino, occurredIsoTrino } from './trino-field-sql.js';
import { type TrinoRelations, trinoWith } from './trino-relations.js';
import { trinoSupport } from './trino-support.js';

/*
 * The catalog's queries in Trino (Athena engine v3), from the same definitions as compile-query.ts
 * and to the same rules: empty group values form `unknown` and are not counted as distinct;
 * groups by count (descending) then values; rows by time then content; every UTC day of a series.
 * Each statement stands alone (Athena keeps no session): it begins with the relations it reads.
 */

/** A Trino statement and its table's columns (`columns` absent for a custom statement). */
export interface TrinoQuery {
  sql: string;
  columns?: string[];
}

const lead = (scope: FieldScope) => (scope.tenant ? [id(REPORT_TENANT)] : []);
const ordinals = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

/** The relation a query reads (`records`, or `tenant_records` for a tenant), after its `where`. */
export function trinoFromClause(query: QueryDefinition, scope: FieldScope): string {
  const relation = scope.tenant ? TENANT_RECORDS : RECORDS;
  if (query.where.length === 0) return `FROM ${relation}`;
  return `FROM ${relation}\nWHERE ${conditionsSql(query.where, scope, TRINO_DIALECT)}`;
}

function groupSql(spec: GroupAggregation, from: string, scope: FieldScope): string {
  const keys = spec.groupBy.map(
    (g) => `coalesce(nullif(${fieldTextTrino(g.field, scope)}, ''), '${UNKNOWN}') AS ${id(g.column)}`,
  );
  const occurred = id('occurredMs');
  const select = [
    ...lead(scope),
    ...keys,
    `count(*) AS ${id(spec.count)}`,
    ...spec.distinct.map(
      (d) => `count(DISTINCT nullif(${fieldTextTrino(d.field, scope)}, '')) AS ${id(d.column)}`,
    ),
    ...(spec.timeRange
      ? [
          `${occurredIsoTrino(`min(${occurred})`)} AS ${id('first_seen')}`,
          `${occurredIsoTrino(`max(${occurred})`)} AS ${id('last_seen')}`,
        ]
      : []),
  ];
  const n = lead(scope).length;
  const groups = ordinals(n + keys.length);
  const order = [...ordinals(n), `${n + keys.length + 1} DESC`, ...ordinals(keys.length, n + 1)];
  return `SELECT ${select.join(',\n       ')}\n${from}\nGROUP BY ${groups.join(', ')}\nORDER BY ${order.join(', ')}`;
}

function rowsSql(spec: RowsAggregation, from: string, scope: FieldScope): string {
  // The role-change expansions: the DuckDB statement's own text, in the Trino dialect.
  if (spec.expand) return roleChangeRowsSql(spec, from, scope, lambdaNames(), TRINO_DIALECT);
  const cells = spec.columns.map((c) => fieldTextTrino(c.field, scope));
  const select = [
    ...lead(scope),
    ...cells.map((cell, i) => `${cell} AS ${id(spec.columns[i]?.column ?? '')}`),
  ];
  // Ties in time go by the row's cells as a JSON list, as the DuckDB statement orders them.
  const order = [...lead(scope), id('occurredMs'), `json_format(CAST(ARRAY[${cells.join(', ')}] AS JSON))`];
  return `SELECT ${select.join(',\n       ')}\n${from}\nORDER BY ${order.join(', ')}`;
}

function seriesSql(spec: SeriesAggregation, from: string, scope: FieldScope, period: TimeWindow) {
  const days: string[] = [];
  for (let day = Math.floor(period.from / DAY_MS) * DAY_MS; day < period.to; day += DAY_MS)
    days.push(`CAST(${sqlInteger(day)} AS BIGINT)`);
  const dayRows =
    days.length > 0
      ? `SELECT day_ms FROM UNNEST(ARRAY[${days.join(', ')}]) AS d (day_ms)`
      : 'SELECT CAST(NULL AS BIGINT) AS day_ms WHERE false';
  const grid = scope.tenant
    ? `SELECT tenant AS ${id(REPORT_TENANT)}, day_ms FROM ${REPORT_TENANTS} CROSS JOIN days`
    : 'SELECT day_ms FROM days';
  const occurred = id('occurredMs');
  const tenantKey = scope.tenant ? [id(REPORT_TENANT)] : [];
  const joinOn = ['g.day_ms = c.day_ms', ...tenantKey.map((t) => `g.${t} = c.${t}`)];
  const key = (name: string) => `coalesce(g.${name}, c.${name})`;
  const ctes = [
    `days AS (${dayRows})`,
    `grid AS (${grid})`,
    `counts AS (SELECT ${[...tenantKey, `${occurred} - ${occurred} % ${DAY_MS} AS day_ms`, 'count(*) AS n'].join(', ')}\n${from}\nGROUP BY ${ordinals(tenantKey.length + 1).join(', ')})`,
  ];
  const select = [
    ...tenantKey.map((t) => `${key(t)} AS ${t}`),
    `${dayTextTrino(key('day_ms'))} AS ${id(spec.column)}`,
    `coalesce(c.n, 0) AS ${id(spec.count)}`,
  ];
  const order = [...tenantKey.map((t) => key(t)), key('day_ms')];
  return {
    ctes,
    body: `SELECT ${select.join(', ')}\nFROM grid AS g FULL JOIN counts AS c ON ${joinOn.join(' AND ')}\nORDER BY ${order.join(', ')}`,
  };
}

/**
 * A statement written in SQL reads `records` as its collection holds them. A catalog's SQL query
 * has no `where` of its own: conditions here are its collection's search filter, which Athena, over
 * the whole stream, must apply to `records` itself (withCollectionFilter), as the search did.
 */
function filteredRecords(query: QueryDefinition, relations: TrinoRelations): TrinoRelations {
  return recordsMatching(query.where, relations);
}

/** `relations` with `records` narrowed to the records meeting `where` (all of them when it is empty). */
export function recordsMatching(
  where: readonly RecordCondition[],
  relations: TrinoRelations,
): TrinoRelations {
  if (where.length === 0) return relations;
  const conditions = conditionsSql(where, { tenant: false }, TRINO_DIALECT);
  return { ...relations, records: `SELECT * FROM (${relations.records}) AS r\nWHERE ${conditions}` };
}

/** Thrown for a query the Trino dialect does not emit (see `trinoSupport`). */
export class TrinoUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrinoUnsupportedError';
  }
}

/**
 * One Trino statement computing a query's table, the same table `compileQuery` gives on DuckDB,
 * over `relations.records` (for the tenants' reports, the tenants in `relations.tenants`, with
 * `report_tenant` first). A custom statement declared for Athena runs as written, after the relations.
 */
export function compileTrinoQuery(
  query: QueryDefinition,
  period: TimeWindow,
  scope: FieldScope,
  relations: TrinoRelations,
): TrinoQuery {
  const support = trinoSupport(query, scope);
  if (!support.ok) throw new TrinoUnsupportedError(`Query ${query.id}: ${support.reason}`);
  const spec = query.aggregation;
  const tenantColumn = scope.tenant ? [REPORT_TENANT] : [];
  const from = trinoFromClause(query, scope);
  switch (spec.kind) {
    case 'sql':
      return { sql: trinoWith(filteredRecords(query, relations), scope, [], spec.trinoSql ?? spec.sql) };
    case 'group':
      return {
        sql: trinoWith(relations, scope, [], groupSql(spec, from, scope)),
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
        sql: trinoWith(relations, scope, [], rowsSql(spec, from, scope)),
        columns: [...tenantColumn, ...spec.columns.map((c) => c.column)],
      };
    case 'series': {
      const { ctes, body } = seriesSql(spec, from, scope, period);
      return {
        sql: trinoWith(relations, scope, ctes, body),
        columns: [...tenantColumn, spec.column, spec.count],
      };
    }
  }
}

/**
 * The records a query reads (after its `where`), as `compileRecordCount` counts them on DuckDB:
 * one row of `count` (per `report_tenant` for the tenants), for a table whose rows do not count
 * its records (a role-change expansion).
 */
export function compileTrinoRecordCount(
  query: QueryDefinition,
  scope: FieldScope,
  relations: TrinoRelations,
): string {
  const from = trinoFromClause(query, scope);
  const body = scope.tenant
    ? `SELECT ${id(REPORT_TENANT)}, count(*) AS ${id('count')} ${from}\nGROUP BY 1`
    : `SELECT count(*) AS ${id('count')} ${from}`;
  return trinoWith(relations, scope, [], body);
}
