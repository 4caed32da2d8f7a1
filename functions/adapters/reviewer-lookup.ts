import { DescopeAuditError } from '../shared/errors.js';
import { createDescopeManagementClient, type DescopeConnection } from './descope-management-client.js';
import { type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';

/** Port: finds the Descope users behind reviewers' login IDs. */
export interface ReviewerLookup {
  /** Login ID (as given) → user ID, for those Descope knows; the others are absent. */
  resolve(loginIds: readonly string[]): Promise<Map<string, string>>;
}

const BATCH = 100;

/**
 * User search by login IDs (`management.user.search({ loginIds })`, 100 a request), under the
 * given limiter (the directory's). Login IDs compare case-insensitively, as Descope stores emails.
 */
export function createDescopeReviewerLookup(
  connection: DescopeConnection,
  limiter: { run<T>(call: () => Promise<T>): Promise<T> },
): ReviewerLookup {
  const client = createDescopeManagementClient(connection, 'reviewer lookup');
  return {
    async resolve(loginIds) {
      const found = new Map<string, string>();
      const wanted = new Map(loginIds.map((l) => [l.trim().toLowerCase(), l]));
      const all = [...wanted.values()];
      for (let at = 0; at < all.length; at += BATCH) {
        const batch = all.slice(at, at + BATCH);
        const answer = await limiter.run(async () => {
          let result: { ok: boolean; code?: number; data?: unknown; error?: unknown };
          try {
            result = await client.management.user.search({ loginIds: batch, limit: BATCH, page: 0 });
          } catch (error) {
            throw sdkTransportError('reviewer lookup', error);
          }
          if (!result.ok)
            throw sdkApiError('reviewer lookup', result.code, result.error as SdkError | undefined);
          return result.data;
        });
        const users = (answer as { users?: unknown } | undefined)?.users;
        if (!Array.isArray(users))
          throw new DescopeAuditError('Descope user search answered without a users list', {
            retryable: true,
          });
        for (const user of users as Array<{ userId?: unknown; loginIds?: unknown }>) {
          if (typeof user.userId !== 'string' || !Array.isArray(user.loginIds)) continue;
          for (const login of user.loginIds) {
            const asked = typeof login === 'string' ? wanted.get(login.trim().toLowerCase()) : undefined;
            if (asked) found.set(asked, user.userId);
          }
        }
      }
      return found;
    },
  };
}
