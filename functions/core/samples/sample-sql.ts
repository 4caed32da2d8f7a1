import type { RecordCondition } from '../catalog/query-definition.js';
import { EVIDENCE_COLUMNS } from '../sql/evidence-relation.js';
import { conditionsSql } from '../sql/query-relation-sql.js';
import { sqlText, sqlTextList } from '../sql/sql-literal.js';

/** The columns a staged evidence line adds: its part (from the project folder), its line, its text's SHA-256. */
export const STAGED_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['evidenceFile', 'VARCHAR'],
  ['evidenceLine', 'BIGINT'],
  ['lineSha256', 'VARCHAR'],
];

/** `CREATE TABLE records` from staged lines (each evidence line with where it was read). */
export function loadStagedSql(paths: readonly string[]): string {
  const columns = [...EVIDENCE_COLUMNS, ...STAGED_COLUMNS]
    .map(([name, type]) => `${sqlText(name)}: ${sqlText(type)}`)
    .join(', ');
  return [
    'CREATE OR REPLACE TABLE records AS',
    `SELECT * FROM read_json(${sqlTextList(paths)},`,
    `  format = 'newline_delimited', maximum_object_size = 8388608, columns = {${columns}})`,
  ].join('\n');
}

/** One query of the control: the evidence folders it reads (one per week) and its conditions. */
export interface PopulationQuery {
  id: string;
  /** `2026-W27/evidence/administration/` or a single part's path. */
  evidence: readonly string[];
  where: readonly RecordCondition[];
}

/**
 * The population: every record a query of the control reads, inside [from, to), once per identity
 * (its first line by file and line), with the queries that read it. `$1` from, `$2` to.
 */
export function populationSql(queries: readonly PopulationQuery[]): string {
  const members = queries.map((q) => {
    const files = q.evidence.map((e) =>
      e.endsWith('/') ? `starts_with("evidenceFile", ${sqlText(e)})` : `"evidenceFile" = ${sqlText(e)}`,
    );
    const where = conditionsSql(q.where, { tenant: false });
    return [
      `SELECT *, ${sqlText(q.id)} AS query_id FROM records`,
      `WHERE (${files.length > 0 ? files.join(' OR ') : 'false'})`,
      `  AND "occurredMs" >= $1 AND "occurredMs" < $2${where ? `\n  AND ${where}` : ''}`,
    ].join('\n');
  });
  const union =
    members.length > 0
      ? members.join('\nUNION ALL\n')
      : 'SELECT *, NULL AS query_id FROM records WHERE false';
  return `CREATE OR REPLACE TABLE population AS
WITH hits AS (
${union}
), keyed AS (
  SELECT *, coalesce('id:' || nullif("id", ''), 'line:' || "lineSha256") AS identity FROM hits
)
SELECT * EXCLUDE (query_id),
  array_to_string(list_sort(list_distinct(list(query_id) OVER (PARTITION BY identity))), '; ') AS queries
FROM keyed
QUALIFY row_number() OVER (PARTITION BY identity ORDER BY "evidenceFile", "evidenceLine", query_id) = 1`;
}

/** Population counts: the whole and per query. */
export const POPULATION_COUNTS_SQL = `SELECT 'all' AS query_id, count(*) AS records FROM population
UNION ALL
SELECT q AS query_id, count(*) FROM population, unnest(string_split(queries, '; ')) AS u(q) GROUP BY q
ORDER BY query_id`;

/** The sample: the first `$2` records by SHA-256(seed ":" identity). `$1` seed. */
export const SAMPLE_SQL = `SELECT sha256($1 || ':' || identity) AS sort_key, identity, "id", strftime(make_timestamp("occurredMs" * 1000), '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred,
  "action", "userId", array_to_string("loginIds", '; ') AS login_ids, "actorId", array_to_string("tenants", '; ') AS tenants,
  queries, "evidenceFile", "evidenceLine"
FROM population
ORDER BY sort_key, identity
LIMIT $2`;
