import { RECORDS, REPORT_TENANTS, TENANT_RECORDS } from './compile-query.js';
import { REPORT_TENANT } from './field-sql.js';
import { sqlIdentifier, sqlInteger, sqlText, sqlTextList } from './sql-literal.js';

/**
 * The columns of an evidence line (`formatEvidenceLine`), typed explicitly so `read_json` never
 * guesses from a sample: `data` stays JSON whatever shape each record gives it.
 */
export const EVIDENCE_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['id', 'VARCHAR'],
  ['occurredMs', 'BIGINT'],
  ['action', 'VARCHAR'],
  ['userId', 'VARCHAR'],
  ['loginIds', 'VARCHAR[]'],
  ['actorId', 'VARCHAR'],
  ['tenants', 'VARCHAR[]'],
  ['geo', 'VARCHAR'],
  ['remoteAddress', 'VARCHAR'],
  ['device', 'VARCHAR'],
  ['method', 'VARCHAR'],
  ['type', 'VARCHAR'],
  ['projectId', 'VARCHAR'],
  ['data', 'JSON'],
];

/** `CREATE TABLE records` from gzipped NDJSON evidence parts (paths as DuckDB opens them). */
export function loadRecordsSql(paths: readonly string[]): string {
  const columns = EVIDENCE_COLUMNS.map(([name, type]) => `${sqlText(name)}: ${sqlText(type)}`).join(', ');
  if (paths.length === 0) {
    // A collection with no parts: the same columns, no rows.
    const empty = EVIDENCE_COLUMNS.map(([name, type]) => `NULL::${type} AS ${sqlIdentifier(name)}`);
    return `CREATE OR REPLACE TABLE ${RECORDS} AS SELECT ${empty.join(', ')} WHERE false`;
  }
  return [
    `CREATE OR REPLACE TABLE ${RECORDS} AS`,
    `SELECT * FROM read_json(${sqlTextList(paths)},`,
    `  format = 'newline_delimited', compression = 'gzip', maximum_object_size = 8388608,`,
    `  columns = {${columns}})`,
  ].join('\n');
}

/**
 * The tenants that get a report, bound as a list (`$1`) into a table, and the records as each of
 * them sees them: one row per record and tenant it names, `tenants` read as that tenant alone (see
 * field-sql.ts).
 */
export const TENANT_RELATION_SQL = [
  `CREATE OR REPLACE TABLE ${REPORT_TENANTS} AS SELECT DISTINCT unnest($1::VARCHAR[]) AS tenant`,
  `CREATE OR REPLACE VIEW ${TENANT_RECORDS} AS
SELECT r.*, t AS ${REPORT_TENANT}
FROM ${RECORDS} AS r, unnest(list_distinct(r.tenants)) AS u(t)
WHERE t IN (SELECT tenant FROM ${REPORT_TENANTS})`,
] as const;

/** Removes the records outside `period` (a rollup reads whole weeks). */
export function outsidePeriodSql(period: { from: number; to: number }): string {
  return `DELETE FROM ${RECORDS} WHERE "occurredMs" < ${sqlInteger(period.from)} OR "occurredMs" >= ${sqlInteger(period.to)}`;
}
