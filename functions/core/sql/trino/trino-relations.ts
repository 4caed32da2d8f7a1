import { RECORDS, REPORT_TENANTS, TENANT_RECORDS } from '../compile-query.js';
import type { FieldScope } from '../field-sql.js';
import { REPORT_TENANT } from '../field-sql.js';
import { sqlIdentifier as id, sqlText } from '../sql-literal.js';

/**
 * What a Trino statement reads: `records` is a query giving the evidence columns (see
 * evidence-relation.ts; `data` as JSON text), `tenants` the tenants that get a report.
 */
export interface TrinoRelations {
  records: string;
  tenants: readonly string[];
}

/** The tenants that get a report, as a relation of `tenant`. */
function reportTenantsSql(tenants: readonly string[]): string {
  if (tenants.length === 0) return 'SELECT CAST(NULL AS VARCHAR) AS tenant WHERE false';
  return `SELECT tenant FROM (VALUES ${tenants.map((t) => `(${sqlText(t)})`).join(', ')}) AS v (tenant)`;
}

/** One row per record and distinct tenant it names (a reported tenant), the tenant in `report_tenant`. */
const TENANT_RECORDS_SQL = `SELECT r.*, u.t AS ${id(REPORT_TENANT)}
FROM ${RECORDS} AS r CROSS JOIN UNNEST(array_distinct(r.${id('tenants')})) AS u (t)
WHERE u.t IN (SELECT tenant FROM ${REPORT_TENANTS})`;

const LEADING_WITH = /^\s*WITH\s+/i;

/**
 * A whole statement: the relations it reads (a tenant's statement also the tenants' relations),
 * then `ctes`, then `body`. A body with its own `WITH` joins the one list (Trino allows one).
 */
export function trinoWith(
  relations: TrinoRelations,
  scope: FieldScope,
  ctes: readonly string[],
  body: string,
): string {
  const all = [
    `${RECORDS} AS (${relations.records})`,
    ...(scope.tenant
      ? [
          `${REPORT_TENANTS} AS (${reportTenantsSql(relations.tenants)})`,
          `${TENANT_RECORDS} AS (${TENANT_RECORDS_SQL})`,
        ]
      : []),
    ...ctes,
  ];
  if (LEADING_WITH.test(body)) return `WITH ${all.join(',\n')},\n${body.replace(LEADING_WITH, '')}`;
  return `WITH ${all.join(',\n')}\n${body}`;
}
