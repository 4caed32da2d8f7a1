import type { AthenaQueryRunner } from '../../adapters/athena-query-runner.js';
import type { CollectionPlan } from '../../core/catalog/query-plan.js';
import type { PlannedStatement } from '../../core/engine/athena-run-plan.js';
import type { StatementState } from '../run-control/engine-state.js';
import { finishedId } from './athena-tenant-collections.js';

/** The access review's latest logins from the collections Athena computed, and what it could not read. */
export interface AthenaLatestLogins {
  /** Collection ID → user ID → latest successful login (epoch ms), for the users asked about. */
  byCollection: Map<string, Map<string, number>>;
  /** One sentence per collection whose statement Athena did not finish: the review states it. */
  gaps: string[];
}

/**
 * The latest logins a `latest-logins` statement found, kept for the users asked about (`userIds`,
 * the access review's), as `findLatestLogins` gives them on DuckDB; the others are read and passed by.
 */
export async function athenaLatestLogins(
  runner: Pick<AthenaQueryRunner, 'results'>,
  executionId: string,
  userIds: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  if (userIds.size === 0) return latest;
  const results = runner.results(executionId);
  const names = (await results.columns()).map((c) => c.name);
  const user = names.indexOf('userId');
  const occurred = names.indexOf('occurredMs');
  if (user < 0 || occurred < 0)
    throw new Error(`Athena's latest logins ${executionId} lack userId or occurredMs`);
  for await (const chunk of results.chunks)
    for (const row of chunk) {
      // Athena writes every cell as text or a number; a user ID is compared as text.
      const id = String(row[user] ?? '');
      if (userIds.has(id)) latest.set(id, Number(row[occurred]));
    }
  return latest;
}

/**
 * Each Athena collection's latest logins for `loginsOf` (none asked: nothing read). A statement
 * Athena failed, cancelled or never started is a gap naming the collection, the execution and
 * why, never an empty map standing for "no login".
 */
export async function athenaCollectionLogins(
  runner: AthenaQueryRunner,
  planned: readonly PlannedStatement[],
  states: ReadonlyMap<string, StatementState>,
  collections: readonly CollectionPlan[],
  loginsOf: readonly string[] | undefined,
): Promise<AthenaLatestLogins> {
  const byCollection = new Map<string, Map<string, number>>();
  const gaps: string[] = [];
  const userIds = new Set(loginsOf ?? []);
  if (userIds.size === 0) return { byCollection, gaps };
  const ids = new Set(collections.map((c) => c.id));
  for (const s of planned) {
    if (s.kind !== 'latest-logins' || !ids.has(s.queryId)) continue;
    const state = states.get(s.token);
    const id = finishedId(state);
    if (id === undefined)
      gaps.push(
        `Athena did not compute the latest logins in ${s.queryId} (query ${state?.executionId ?? 'not started'}: ${state?.reason ?? 'no statement'}): a user without lastLogin may have logged in this period unseen.`,
      );
    else byCollection.set(s.queryId, await athenaLatestLogins(runner, id, userIds));
  }
  return { byCollection, gaps };
}
