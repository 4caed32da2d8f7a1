import { z } from 'zod';
import type { CollectionPlan } from '../catalog/query-plan.js';
import { RECORDS } from './compile-query.js';

const LOGIN = 'LoginSucceed';

/** Whether a collection's search can hold successful logins (by default only impersonations do). */
export const mayHoldLogins = (plan: Pick<CollectionPlan, 'filter'>): boolean =>
  (!plan.filter.actions || plan.filter.actions.includes(LOGIN)) &&
  !plan.filter.excludedActions?.includes(LOGIN);

/** A record that is a user's own successful login (both engines read it alike: Trino has the same words). */
export const LATEST_LOGIN_CONDITIONS = `"action" = '${LOGIN}'
  AND "method" IS DISTINCT FROM 'Impersonate'`;

/**
 * Each asked-about user's latest successful login in the loaded records (epoch ms): one row of
 * `userId, occurredMs` per user who has one. An impersonated login is the actor's, not the user's
 * own use of the account, so it does not count. `$1` is the list of user IDs asked about (bound,
 * never written into the statement).
 */
export const LATEST_LOGINS_SQL = `SELECT "userId", max("occurredMs") AS "occurredMs"
FROM ${RECORDS}
WHERE ${LATEST_LOGIN_CONDITIONS}
  AND "userId" IN (SELECT unnest($1::VARCHAR[]))
GROUP BY 1`;

/** A row of {@link LATEST_LOGINS_SQL}, by column name. */
export const latestLoginRowSchema = z.object({ userId: z.string(), occurredMs: z.number().int() });
