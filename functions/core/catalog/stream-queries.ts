import { OCCURRED_ISO } from '../sql/field-sql.js';
import { sqlText } from '../sql/sql-literal.js';
import { occurredIsoTrino } from '../sql/trino/trino-dialect.js';
import type { QueryDefinitionInput } from './query-definition.js';

/*
 * Built-in queries only the audit stream can answer: they read every successful login (the bulk
 * of the trail, out of reach at 10 searches a minute) or months of it (past the search's 30 days).
 * A report read through the search leaves them out and says why (core/report/collection-source.ts).
 */

const SUCCESSFUL_LOGINS = { actions: ['LoginSucceed'] };
const logins = { filter: SUCCESSFUL_LOGINS, collection: 'successful-logins', requires: 'stream' as const };

/**
 * The few words the stream's SQL statements need that the two engines spell differently: DuckDB
 * and Trino share no function joining a list into text, nor one writing a time as text. Each
 * statement is written once below over these words; DuckDB's give the text the report always ran.
 */
export interface StreamSqlWords {
  /** `ms` (epoch milliseconds) as `Date#toISOString` writes it. */
  at(ms: string): string;
  /** The group's distinct non-NULL `method`s, sorted by their bytes, joined with ", " (NULL when none). */
  methods: string;
  /** The text of the scalar at `data.mfa` (`true` for both JSON true and the string "true"). */
  mfaText: string;
  /** `a` divided by `b`, truncated toward zero, as a BIGINT. */
  div(a: string, b: number): string;
}

const DUCKDB_WORDS: StreamSqlWords = {
  at: (ms) => OCCURRED_ISO.replace('"occurredMs"', ms),
  methods: `string_agg(DISTINCT "method", ', ' ORDER BY "method")`,
  mfaText: `json_extract_string("data", '$.mfa')`,
  div: (a, b) => `(${a}) // ${b}`,
};

/*
 * Trino: array_agg keeps NULLs (filtered, as string_agg skips them), array_sort orders varchar by
 * its UTF-8 bytes as DuckDB does; json_extract_scalar gives a scalar's text and NULL for an object
 * or list, which never equals 'true' where DuckDB gives its JSON text. `/` of two BIGINTs is
 * Trino's integer division, truncated toward zero as DuckDB's `//`; written through sign and abs so
 * the compatibility layer (where `/` divides exactly) computes the same.
 */
const TRINO_WORDS: StreamSqlWords = {
  at: occurredIsoTrino,
  methods: `array_join(array_sort(array_agg(DISTINCT "method") FILTER (WHERE "method" IS NOT NULL)), ', ')`,
  mfaText: `json_extract_scalar("data", '$.mfa')`,
  div: (a, b) => `CAST(sign(${a}) * floor(abs(${a}) / ${b}) AS BIGINT)`,
};

/** Both engines' words, for the tests that prove them equal (test/core/sql/trino/stream-sql-trino.test.ts). */
export const STREAM_SQL_WORDS = { duckdb: DUCKDB_WORDS, trino: TRINO_WORDS } as const;

/**
 * Methods that are a second factor or phishing-resistant on their own. How Descope records a login
 * that took two steps is undocumented: a login counts as MFA when its method is one of these or its
 * `data.mfa` is true.
 */
export const MFA_METHODS = ['totp', 'otp', 'webauthn', 'passkey'];

/** Logins of two countries closer in time than this are impossible travel (no flight covers it, gate to gate). */
export const IMPOSSIBLE_TRAVEL_MINUTES = 60;

/** A privileged account with no successful login for this many days is dormant (PCI DSS 8.2.6). */
export const DORMANT_DAYS = 90;
/** How far back the dormant-account query reads grants and logins. */
export const DORMANT_LOOKBACK_DAYS = 180;

const own = `"action" = 'LoginSucceed' AND "method" IS DISTINCT FROM 'Impersonate' AND "userId" <> ''`;

export const STREAM_QUERIES: QueryDefinitionInput[] = [
  {
    id: 'successful-logins-by-method',
    title: 'Successful logins by method',
    headline: 'Successful logins',
    description:
      'LoginSucceed events grouped by authentication method, with the users and login IDs behind them.',
    controls: ['SOC 2 CC6.1', 'PCI DSS 10.2.1'],
    ...logins,
    aggregation: {
      kind: 'group',
      groupBy: [{ column: 'method', field: 'method' }],
      count: 'logins',
      distinct: [
        { column: 'distinct_users', field: 'userId' },
        { column: 'distinct_login_ids', field: 'loginIds' },
      ],
      chart: true,
    },
  },
];

function loginsWithoutMfaSql(words: StreamSqlWords): string {
  const mfa = `"method" IN (${MFA_METHODS.map(sqlText).join(', ')}) OR coalesce(${words.mfaText}, '') = 'true'`;
  return `SELECT "userId" AS user_id, count(*) AS logins,
  ${words.methods} AS methods,
  ${words.at('max("occurredMs")')} AS last_login
FROM records
WHERE ${own}
GROUP BY "userId"
HAVING count(*) FILTER (WHERE ${mfa}) = 0
ORDER BY logins DESC, user_id`;
}

/** The window orders by time first: `"occurredMs" - prev_ms` is never negative. */
function impossibleTravelSql(words: StreamSqlWords): string {
  return `WITH ordered AS (
  SELECT "userId", "occurredMs", "geo", "remoteAddress",
    lag("occurredMs") OVER w AS prev_ms, lag("geo") OVER w AS prev_geo, lag("remoteAddress") OVER w AS prev_address
  FROM records
  WHERE ${own} AND "geo" <> ''
  WINDOW w AS (PARTITION BY "userId" ORDER BY "occurredMs", "geo", "remoteAddress", "id")
)
SELECT "userId" AS user_id, prev_geo AS from_country, ${words.at('prev_ms')} AS from_time, prev_address AS from_address,
  "geo" AS to_country, ${words.at('"occurredMs"')} AS to_time, "remoteAddress" AS to_address,
  ${words.div('"occurredMs" - prev_ms', 60000)} AS minutes_apart
FROM ordered
WHERE prev_geo IS NOT NULL AND prev_geo <> "geo" AND "occurredMs" - prev_ms < ${IMPOSSIBLE_TRAVEL_MINUTES * 60_000}
ORDER BY to_time, user_id, from_time, from_address, to_address`;
}

/** A stream SQL query's input, and for those Athena runs, its Trino statement (same definition, Trino's words). */
export type StreamSqlQueryInput = Record<string, unknown> & { trinoSql?: string };

/**
 * The stream-only SQL queries (checked by DuckDB like every custom statement). The two over the
 * period's successful logins declare both engines, their Trino statement written from the same
 * definition; the dormant-account one reads 180 days of stored history, which Athena's
 * partitions of the period do not hold, and stays DuckDB's.
 */
export function streamSqlQueries(privilegedRoles: readonly string[]): StreamSqlQueryInput[] {
  const roles = `[${privilegedRoles.map((r) => sqlText(r.toLowerCase())).join(', ')}]`;
  const at = DUCKDB_WORDS.at;
  return [
    {
      id: 'logins-without-mfa',
      title: 'Users who signed in without MFA',
      headline: 'Users without MFA',
      description: `Users whose every successful login of the period used a single factor: none with method ${MFA_METHODS.join(', ')} or data.mfa true (how Descope records a two-step login is undocumented).`,
      controls: ['PCI DSS 8.4.2', 'CIS 6.3'],
      ...logins,
      engines: ['duckdb', 'athena'],
      sql: loginsWithoutMfaSql(DUCKDB_WORDS),
      trinoSql: loginsWithoutMfaSql(TRINO_WORDS),
    },
    {
      id: 'impossible-travel',
      title: 'Impossible travel',
      headline: 'Impossible travel',
      description: `Consecutive successful logins of one user from two countries less than ${IMPOSSIBLE_TRAVEL_MINUTES} minutes apart: no flight covers that.`,
      controls: ['SOC 2 CC6.6', 'SOC 2 CC7.2'],
      ...logins,
      engines: ['duckdb', 'athena'],
      sql: impossibleTravelSql(DUCKDB_WORDS),
      trinoSql: impossibleTravelSql(TRINO_WORDS),
    },
    {
      id: 'dormant-privileged-accounts',
      title: 'Dormant privileged accounts',
      headline: 'Dormant privileged accounts',
      description: `Users granted a privileged role (privilegedRoles) in the ${DORMANT_LOOKBACK_DAYS} days the stream is read back, with no successful login in the ${DORMANT_DAYS} days before the last event read. Grants older than that are not in these records: the access review covers the directory.`,
      controls: ['PCI DSS 8.2.6', 'CIS 5.3'],
      filter: { actions: ['LoginSucceed', 'UserModified', 'UsersModified'] },
      collection: 'privileged-history',
      requires: 'stream',
      lookbackDays: DORMANT_LOOKBACK_DAYS,
      sql: `WITH granted AS (
  SELECT "userId" AS user_id, max("occurredMs") AS granted_ms
  FROM records
  WHERE "action" IN ('UserModified', 'UsersModified') AND "userId" <> ''
    AND len(list_filter(list_concat(
      coalesce(json_extract_string("data", '$.Change.added_roles[*]'), []),
      coalesce(json_extract_string("data", '$.Change.added_multi_tenant_roles[*]'), [])),
      r -> list_contains(${roles}, lower(r)))) > 0
  GROUP BY 1
), latest AS (
  SELECT max("occurredMs") AS end_ms FROM records
), logins AS (
  SELECT "userId" AS user_id, max("occurredMs") AS last_ms FROM records WHERE ${own} GROUP BY 1
)
SELECT g.user_id, ${at('g.granted_ms')} AS last_privileged_grant,
  coalesce(${at('l.last_ms')}, '') AS last_login,
  (s.end_ms - coalesce(l.last_ms, g.granted_ms)) // 86400000 AS days_without_login
FROM granted AS g CROSS JOIN latest AS s LEFT JOIN logins AS l ON l.user_id = g.user_id
WHERE coalesce(l.last_ms, g.granted_ms) < s.end_ms - ${DORMANT_DAYS * 86_400_000}
ORDER BY days_without_login DESC, g.user_id`,
    },
  ];
}
