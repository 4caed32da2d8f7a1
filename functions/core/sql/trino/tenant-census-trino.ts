import type { RecordCondition } from '../../catalog/query-definition.js';
import { RECORDS } from '../compile-query.js';
import { sqlIdentifier as id } from '../sql-literal.js';
import { recordsMatching } from './compile-trino-query.js';
import { type TrinoRelations, trinoWith } from './trino-relations.js';

/**
 * The week's census in Trino, as `COLLECTION_TENANTS_SQL` counts it on DuckDB: each tenant ID the
 * records name and in how many records (a record counts once per tenant), by tenant. The run
 * chooses the reported tenants from it (tenant-census.ts) before any tenant statement.
 */
export function tenantCensusTrino(relations: TrinoRelations): string {
  return trinoWith(
    relations,
    { tenant: false },
    [],
    `SELECT u.t AS ${id('tenant')}, count(*) AS ${id('records')}
FROM ${RECORDS} AS r CROSS JOIN UNNEST(array_distinct(r.${id('tenants')})) AS u (t)
WHERE u.t <> ''
GROUP BY 1
ORDER BY 1`,
  );
}

/**
 * One collection's census, as the DuckDB census counts that collection's evidence: the records
 * its search would have collected (`where`: its filter as conditions, `filterConditions`), then
 * {@link tenantCensusTrino}. The week's census sums the collections' (a record in two collections
 * counts twice, as on DuckDB), so Athena gives one per collection it computes, never one over the stream.
 */
export function collectionCensusTrino(where: readonly RecordCondition[], relations: TrinoRelations): string {
  return tenantCensusTrino(recordsMatching(where, relations));
}
