import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import { LATEST_LOGINS_SQL, latestLoginRowSchema, mayHoldLogins } from '../../core/sql/latest-logins-sql.js';

/**
 * User ID → latest successful login in a collection's loaded evidence, for the `userIds` asked
 * about (the access review's users, some of whose objects have no `lastLogin`). Collections whose
 * search cannot hold successful logins are not asked.
 */
export async function findLatestLogins(
  db: EvidenceDatabase,
  plan: Pick<CollectionPlan, 'filter'>,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  if (userIds.length === 0 || !mayHoldLogins(plan)) return latest;
  for (const { userId, occurredMs } of await db.query(LATEST_LOGINS_SQL, latestLoginRowSchema, [userIds]))
    latest.set(userId, occurredMs);
  return latest;
}
