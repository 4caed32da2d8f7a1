import type { QueryDefinition, RecordCondition } from '../catalog/query-definition.js';
import { type FieldScope, fieldValues, isChangeDetail, REPORT_TENANT } from './field-sql.js';
import { type LambdaNames, lambdaNames } from './role-change-sql.js';
import { DUCKDB_DIALECT, type SqlDialect } from './sql-dialect.js';
import { sqlIdentifier as id, sqlText } from './sql-literal.js';
import { tenantDataSql } from './tenant-data-sql.js';

/** The relation of the evidence records (the evidence lines' columns, `data` as JSON). */
export const RECORDS = 'records';
/** One row per record and (distinct) tenant it names, for the tenants that get a report. */
export const TENANT_RECORDS = 'tenant_records';
/** The tenants that get a report (`tenant`), configured or seen and accepted. */
export const REPORT_TENANTS = 'report_tenants';

/** The fields a query reads: its columns, groups, distincts and conditions. */
export function fieldsRead(query: QueryDefinition): string[] {
  const spec = query.aggregation;
  const columns =
    spec.kind === 'rows'
      ? spec.columns.map((c) => c.field)
      : spec.kind === 'group'
        ? [...spec.groupBy, ...spec.distinct].map((c) => c.field)
        : [];
  return [...columns, ...query.where.map((c) => c.field)];
}

/** Whether a query reads change details (its columns or its `where`), which can name other tenants. */
const readsChangeDetails = (query: QueryDefinition): boolean => fieldsRead(query).some(isChangeDetail);

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

function condition(c: RecordCondition, scope: FieldScope, d: SqlDialect): string {
  const values = fieldValues(c.field, scope, d);
  const wanted = c.in ?? c.notIn ?? [];
  const hit =
    'list' in values
      ? d.overlaps(values.list, d.list(wanted.map(sqlText)))
      : `${values.text} IN (${wanted.map(sqlText).join(', ')})`;
  return c.in ? hit : `NOT (${hit})`;
}

/** Record conditions as one SQL predicate (AND) in `dialect` (DuckDB's by default), '' when there are none. */
export const conditionsSql = (
  conditions: readonly RecordCondition[],
  scope: FieldScope,
  d: SqlDialect = DUCKDB_DIALECT,
): string => conditions.map((c) => condition(c, scope, d)).join('\n  AND ');

function whereClause(query: QueryDefinition, scope: FieldScope): string {
  if (query.where.length === 0) return '';
  return `\nWHERE ${conditionsSql(query.where, scope)}`;
}
