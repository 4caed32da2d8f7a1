import { toDirectoryKey, toDirectoryUser } from '../adapters/directory-record-schema.js';
import type { ReportStore } from '../adapters/report-store.js';
import { ACCESS_FILES } from '../core/access/access-controls.js';
import { buildAccessSnapshot, renderAccessSnapshot } from '../core/access/build-access-snapshot.js';
import { isoWeekStarting, type ReportPeriod, WEEK_MS } from '../core/period/period.js';
import type { StandInDirectory } from './descope-api/directory-search-handler.js';

export interface SeedAccessHistoryInput {
  store: ReportStore;
  projectId: string;
  /** The period the demo reports: the snapshot of the week before it is seeded. */
  period: ReportPeriod;
  /** The demo directory as it stood at the end of the week before. */
  directory: StandInDirectory;
  privilegedRoles: readonly string[];
}

/**
 * Stores the previous week's access snapshot, as that week's run would have stored it, so a fresh
 * `npm start` shows what changed since. Never overwrites a stored snapshot. Returns the key, or
 * `undefined` when one was already there.
 */
export async function seedPreviousAccessSnapshot(input: SeedAccessHistoryInput): Promise<string | undefined> {
  const previous = isoWeekStarting(input.period.from - WEEK_MS);
  const key = `reports/${input.projectId}/${previous.label}/${ACCESS_FILES.snapshot}`;
  if ((await input.store.get(key)) !== undefined) return undefined;
  const users = input.directory.users.map(toDirectoryUser).filter((u) => u !== undefined);
  const keys = input.directory.keys.map(toDirectoryKey).filter((k) => k !== undefined);
  const snapshot = buildAccessSnapshot(
    {
      users,
      keys,
      coverage: { usersRead: users.length, keysRead: keys.length, malformed: 0, complete: true, notes: [] },
    },
    {
      projectId: input.projectId,
      period: previous.label,
      periodEnd: previous.to,
      privilegedRoles: input.privilegedRoles,
    },
  );
  await input.store.putIf(key, renderAccessSnapshot(snapshot), 'application/json', { ifNoneMatch: '*' });
  return key;
}
