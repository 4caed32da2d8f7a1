import { RECORDS } from './compile-query.js';

/*
 * Which tenants get a report is decided once for the whole week, before any per-tenant work: each
 * collection's tenant counts go into one census table, and the tenants come out ranked. Tenant IDs
 * are always bound (`$1`, `$2` lists), never written into SQL text.
 */

/** The census: records naming each tenant, one row per collection that named it. */
export const CENSUS_TABLE = 'tenant_counts';
/** Tenants with configured recipients (first in line). */
const RECIPIENTS_TABLE = 'census_recipients';
/** Tenants that take part even without records (recipients and included tenants). */
const REQUIRED_TABLE = 'census_required';

export const CREATE_CENSUS_SQL = `CREATE TABLE ${CENSUS_TABLE} (tenant VARCHAR, records BIGINT)`;

/** Each tenant ID a collection's records name and in how many records (a record counts once per tenant). */
export const COLLECTION_TENANTS_SQL = `SELECT t AS tenant, count(*) AS records
FROM ${RECORDS}, unnest(list_distinct(tenants)) AS u(t)
WHERE t <> ''
GROUP BY 1`;

/** Adds a chunk of counts: `$1` tenant IDs, `$2` their records (as text), in step. */
export const ADD_TO_CENSUS_SQL = `INSERT INTO ${CENSUS_TABLE}
SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])::BIGINT`;

/** Binds the tenants with recipients (`$1`) and those required (`$2`) as tables, for the ranking. */
export const BIND_CHOICE_SQL = [
  `CREATE OR REPLACE TABLE ${RECIPIENTS_TABLE} AS SELECT DISTINCT unnest($1::VARCHAR[]) AS tenant`,
  `CREATE OR REPLACE TABLE ${REQUIRED_TABLE} AS SELECT DISTINCT unnest($1::VARCHAR[]) AS tenant`,
] as const;

/**
 * Every tenant of the week with its records, ranked: those with configured recipients first, then
 * by records, most first, then by ID. Required tenants take part even without records.
 */
export const RANKED_TENANTS_SQL = `SELECT tenant, sum(records)::BIGINT AS records
FROM (
  SELECT tenant, records FROM ${CENSUS_TABLE}
  UNION ALL
  SELECT tenant, 0 AS records FROM ${REQUIRED_TABLE}
)
GROUP BY tenant
ORDER BY tenant IN (SELECT tenant FROM ${RECIPIENTS_TABLE}) DESC, records DESC, tenant`;
