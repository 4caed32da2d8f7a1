import { RECORDS } from './compile-query.js';

/*
 * Which tenants get a report is decided once for the whole week, before any per-tenant work: each
 * collection's tenant counts go into one census table, and the tenants come out ranked. Tenant IDs
 * are always bound (`$1`, `$2` lists), never written into SQL text.
 */

/** The census: records naming each tenant, one row per collection that named it. */
export const CENSUS_TABLE = 'tenant_counts';

export const CREATE_CENSUS_SQL = `CREATE TABLE ${CENSUS_TABLE} (tenant VARCHAR, records BIGINT)`;

/** Each tenant ID a collection's records name and in how many records (a record counts once per tenant). */
export const COLLECTION_TENANTS_SQL = `SELECT t AS tenant, count(*) AS records
FROM ${RECORDS}, unnest(list_distinct(tenants)) AS u(t)
WHERE t <> ''
GROUP BY 1`;

/** Adds a chunk of counts: `$1` tenant IDs, `$2` their records (as text), in step. */
export const ADD_TO_CENSUS_SQL = `INSERT INTO ${CENSUS_TABLE}
SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])::BIGINT`;

/**
 * Every tenant of the week with its records, ranked: those with configured recipients (`$1`)
 * first, then by records, most first, then by ID. `$2` names tenants that take part even without
 * records (recipients and included tenants).
 */
export const RANKED_TENANTS_SQL = `SELECT tenant, sum(records)::BIGINT AS records
FROM (
  SELECT tenant, records FROM ${CENSUS_TABLE}
  UNION ALL
  SELECT unnest($2::VARCHAR[]) AS tenant, 0 AS records
)
GROUP BY tenant
ORDER BY list_contains($1::VARCHAR[], tenant) DESC, records DESC, tenant`;
