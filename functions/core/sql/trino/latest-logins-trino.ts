import type { RecordCondition } from '../../catalog/query-definition.js';
import { RECORDS } from '../compile-query.js';
import { LATEST_LOGIN_CONDITIONS } from '../latest-logins-sql.js';
import { recordsMatching } from './compile-trino-query.js';
import { type TrinoRelations, trinoWith } from './trino-relations.js';

/**
 * Every user's latest successful login in one collection's records, as `LATEST_LOGINS_SQL` finds
 * it on DuckDB: the records its search would have collected (`where`: its filter as conditions,
 * `filterConditions`), the same login conditions, the latest `occurredMs` per `userId` (a tie is
 * one value). Unlike DuckDB's, it names no user: the statement's text and token never depend on the
 * directory (the access review's users, read at run time), and the function keeps the rows of the
 * users it asks about (`athenaLatestLogins`). A record without a user ID is left out here, as
 * DuckDB's `IN` leaves it out there: Athena writes NULL as an empty cell, which would read as `''`.
 */
export function latestLoginsTrino(where: readonly RecordCondition[], relations: TrinoRelations): string {
  return trinoWith(
    recordsMatching(where, relations),
    { tenant: false },
    [],
    `SELECT "userId", max("occurredMs") AS "occurredMs"
FROM ${RECORDS}
WHERE ${LATEST_LOGIN_CONDITIONS}
  AND "userId" IS NOT NULL
GROUP BY 1
ORDER BY 1`,
  );
}
