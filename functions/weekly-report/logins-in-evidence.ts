import type { ReportStore } from '../adapters/report-store.js';
import type { CollectionPlan } from '../core/query-plan.js';
import type { Checkpoint } from './collection-checkpoint.js';
import { readEvidence } from './evidence-reader.js';

const LOGIN = 'LoginSucceed';

/** Only collections whose filter can hold successful logins are read again (none is, by default, except impersonations). */
const mayHoldLogins = (plan: CollectionPlan) =>
  (!plan.filter.actions || plan.filter.actions.includes(LOGIN)) &&
  !plan.filter.excludedActions?.includes(LOGIN);

/**
 * User ID → the latest `LoginSucceed` in this period's stored evidence, for users whose object has
 * no `lastLogin`. Reads only the evidence parts of collections that can contain successful logins.
 */
export async function latestLoginsInEvidence(
  store: ReportStore,
  prefix: string,
  plans: readonly CollectionPlan[],
  checkpoint: Checkpoint,
): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  for (const plan of plans.filter(mayHoldLogins)) {
    const state = checkpoint.collections.find((c) => c.id === plan.id);
    if (!state) continue;
    for await (const record of readEvidence(
      store,
      state.parts.map((p) => ({ key: `${prefix}${p.name}`, bytes: p.bytes, sha256: p.sha256 })),
    )) {
      // An impersonated login is the actor's, not the user's own use of the account.
      if (record.action !== LOGIN || !record.userId || record.method === 'Impersonate') continue;
      if (record.occurred > (latest.get(record.userId) ?? 0)) latest.set(record.userId, record.occurred);
    }
  }
  return latest;
}
