import type {
  GroupAggregation,
  QueryDefinition,
  RowsAggregation,
  SeriesAggregation,
} from '../catalog/query-definition.js';
import { DAY_MS } from '../period/period.js';
import type { TimeWindow } from '../records/audit-record.js';
import { type CsvColumn, withCsvLines } from './csv-line-sql.js';
import { type FieldScope, fieldText, OCCURRED_ISO, REPORT_TENANT } from './field-sql.js';
import { fromClause, REPORT_TENANTS } from './query-relation-sql.js';
import { roleChangeRowsSql } from './role-change-rows.js';
import { type LambdaNames, lambdaNames } from './role-change-sql.js';
import { sqlIdentifier as id, sqlInteger } from './sql-literal.js';
import { cellKind, type SelectColumn, selectList } from './table-select.js';

// Where the relation names live; re-exported for the many readers of the tables' SQL.
export { fromClause, RECORDS, REPORT_TENANTS, TENANT_RECORDS } from './query-relation-sql.js';

/** Group values that are empty form their own group under this name. */
export const UNKNOWN = 'unknown';

/**
 * The SQL of a query and the columns of its table (a tenant's statement adds `report_tenant` first).
 * A SQL query's columns are its statement's, which only DuckDB knows: `columns` is then absent.
 */
export interface CompiledQuery {
  sql: string;
  columns?: string[];
  /**
   * What a run executes: `sql` with one more column, {@link CSV_LINE_COLUMN}, holding each row's
   * line of the table's CSV (tenant column left out), as the report's CSV writer writes it.
   */
  linesSql?: string;
}

/** A query written in SQL, which goes in the project's report only (see `sqlQueryDefinitionSchema`). */
export const isCustomSqlQuery = (query: QueryDefinition): boolean => query.aggregation.kind === 'sql';

/** A field's value as a group shows it: empty values form the `unknown` group. */
export const groupValueSql = (field: string, scope: FieldScope): string =>
  `coalesce(nullif(${fieldText(field, scope)}, ''), '${UNKNOWN}')`;

const lead = (scope: FieldScope) => (scope.tenant ? [id(REPORT_TENANT)] : []);

function groupSql(spec: GroupAggregation, from: string, scope: FieldScope): string {
  const at = (field: string) => OCCURRED_ISO.replace(id('occurredMs'), `${field}(${id('occurredMs')})`);
  const columns: SelectColumn[] = [
    ...spec.groupBy.map((g) => ({ column: g.column, sql: groupValueSql(g.field, scope) })),
    { column: spec.count, sql: 'count(*)' },
    ...spec.distinct.map((d) => ({
      column: d.column,
      sql: `count(DISTINCT nullif(${fieldText(d.field, scope)}, ''))`,
    })),
    ...(spec.timeRange
      ? [
          { column: 'first_seen', sql: at('min') },
          { column: 'last_seen', sql: at('max') },
        ]
      : []),
  ];
  const n = lead(scope).length;
  const groups = spec.groupBy.map((_, i) => String(n + i + 1));
  const order = [
    ...lead(scope).map((_, i) => String(i + 1)),
    `${n + spec.groupBy.length + 1} DESC`,
    ...groups,
  ];
  return `SELECT ${selectList(lead(scope), columns)}\n${from}\nGROUP BY ${[...lead(scope).map((_, i) => String(i + 1)), ...groups].join(', ')}\nORDER BY ${order.join(', ')}`;
}

/** Rows by time, then content: the cells are computed once, in a subquery, and ordered by their names. */
function rowsSql(spec: RowsAggregation, from: string, scope: FieldScope, names: LambdaNames): string {
  if (spec.expand) return roleChangeRowsSql(spec, from, scope, names);
  const cells = spec.columns.map((c) => `${fieldText(c.field, scope)} AS ${id(c.column)}`);
  const inner = [...lead(scope), id('occurredMs'), ...cells].join(',\n        ');
  const columns = spec.columns.map((c) => ({ column: c.column, sql: id(c.column) }));
  const content = `to_json(list_value(${columns.map((c) => c.sql).join(', ')}))::VARCHAR`;
  const order = [...lead(scope), id('occurredMs'), content];
  return `SELECT ${selectList(lead(scope), columns)}\nFROM (SELECT ${inner}\n${from})\nORDER BY ${order.join(', ')}`;
}

function seriesSql(spec: SeriesAggregation, from: string, scope: FieldScope, period: TimeWindow): string {
  const first = Math.floor(period.from / DAY_MS) * DAY_MS;
  const day = `(floor(${id('occurredMs')} / ${DAY_MS})::BIGINT * ${DAY_MS})`;
  const days = `SELECT unnest(range(${sqlInteger(first)}, ${sqlInteger(Math.max(first, period.to))}, ${DAY_MS})) AS day_ms`;
  const grid = scope.tenant
    ? `SELECT tenant AS ${id(REPORT_TENANT)}, day_ms FROM ${REPORT_TENANTS}, days`
    : 'SELECT day_ms FROM days';
  const keys = [...lead(scope), 'day_ms'];
  const columns: SelectColumn[] = [
    { column: spec.column, sql: `strftime(epoch_ms(day_ms), '%Y-%m-%d')` },
    { column: spec.count, sql: 'coalesce(n, 0)' },
  ];
  return [
    `WITH days AS (${days}),`,
    `grid AS (${grid}),`,
    `counts AS (SELECT ${[...lead(scope), `${day} AS day_ms`, 'count(*) AS n'].join(', ')}\n${from}\nGROUP BY ${keys.map((_, i) => i + 1).join(', ')})`,
    `SELECT ${selectList(lead(scope), columns, ', ')}`,
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
  const sql =
    spec.kind === 'group'
      ? groupSql(spec, from, scope)
      : spec.kind === 'rows'
        ? rowsSql(spec, from, scope, names)
        : seriesSql(spec, from, scope, period);
  const table = tableColumns(query);
  const columns = [...(scope.tenant ? [REPORT_TENANT] : []), ...table.map((c) => c.name)];
  return { sql, columns, linesSql: withCsvLines(sql, table) };
}

/** The columns of a (catalog, not SQL) query's table and how each is written in its CSV. */
function tableColumns(query: QueryDefinition): CsvColumn[] {
  const spec = query.aggregation;
  const text = (name: string): CsvColumn => ({ name, kind: 'text' });
  const count = (name: string): CsvColumn => ({ name, kind: 'count' });
  switch (spec.kind) {
    case 'group':
      return [
        ...spec.groupBy.map((g) => text(g.column)),
        count(spec.count),
        ...spec.distinct.map((d) => count(d.column)),
        ...(spec.timeRange
          ? ['first_seen', 'last_seen'].map((name) => ({ name, kind: 'time' as const }))
          : []),
      ];
    case 'rows':
      return spec.columns.map((c) => ({ name: c.column, kind: cellKind(c.field) }));
    case 'series':
      return [{ name: spec.column, kind: 'time' }, count(spec.count)];
    case 'sql':
      return [];
  }
}

/**
 * The records a query reads (after its `where`), where its table does not say: a role-change
 * expansion has a row per change, not per record. One row of `count` (per `report_tenant`).
 */
export function compileRecordCount(query: QueryDefinition, scope: FieldScope): string {
  const { from } = fromClause(query, scope);
  return scope.tenant
    ? `SELECT ${id(REPORT_TENANT)}, count(*) AS ${id('count')} ${from}\nGROUP BY 1`
    : `SELECT count(*) AS ${id('count')} ${from}`;
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
