import type { DirectorySource } from '../../adapters/directory-source.js';
import type { DirectoryRead, DirectoryUser } from '../../core/access/build-access-snapshot.js';
import { describeError } from '../../shared/errors.js';

/** Users per page a run asks for (Descope's documented default; its maximum is not documented). */
export const DIRECTORY_PAGE_SIZE = 100;
/** Most user pages a run reads before it reports the read incomplete. */
export const DIRECTORY_MAX_PAGES = 1000;

export interface CollectDirectoryOptions {
  /** Users per page. @default 100 (Descope's documented default; its maximum is not documented) */
  pageSize?: number;
  /** Most pages read; past it the snapshot says how many users it misses. @default 1000 */
  maxPages?: number;
  /**
   * `role-holders`: only users holding one of the project's roles (the user search filtered by every
   * name of the role list), where the source can list roles; `all`: every user. @default all
   */
  read?: 'all' | 'role-holders';
}

/** The role names to filter the user search by, or `undefined` to read every user. */
async function roleFilterOf(
  source: DirectorySource,
  options: CollectDirectoryOptions,
): Promise<string[] | undefined> {
  if (options.read !== 'role-holders' || !source.listRoleNames) return undefined;
  try {
    return await source.listRoleNames();
  } catch {
    // Without the role list every user is read: slower, never less complete.
    return undefined;
  }
}

/**
 * Reads every user (page by page until a short page), keeping those who hold a role, and every access key. A failed request, a
 * page limit or a count that disagrees with Descope's `total` makes the read incomplete, with a
 * note saying what is missing: never a silently shorter list.
 */
export async function collectDirectory(
  source: DirectorySource,
  options: CollectDirectoryOptions = {},
): Promise<DirectoryRead> {
  const pageSize = options.pageSize ?? DIRECTORY_PAGE_SIZE;
  const maxPages = options.maxPages ?? DIRECTORY_MAX_PAGES;
  const users = new Map<string, DirectoryUser>();
  const seen = new Set<string>();
  const notes: string[] = [];
  let malformed = 0;
  let total: number | undefined;
  let received = 0;
  let page = 0;
  const roleNames = await roleFilterOf(source, options);
  try {
    // No role defined: nobody can hold one (an empty filter would read everybody).
    for (; page < maxPages && roleNames?.length !== 0; page++) {
      const answer = await source.searchUsers(page, pageSize, roleNames);
      received += answer.received;
      malformed += answer.malformed;
      if (answer.total !== undefined) total = answer.total;
      // A user moving between pages while we read appears twice: keep one. Only role holders are
      // kept, so a large directory costs memory in proportion to its holders, not its users.
      for (const user of answer.users) {
        seen.add(user.userId);
        if (user.roles.length > 0) users.set(user.userId, user);
      }
      if (answer.received < pageSize) break;
    }
    // The last allowed page was full: only Descope's total can say whether that was everybody.
    const everyone = total !== undefined && received >= total;
    if (page === maxPages && !everyone)
      notes.push(`user search stopped after ${maxPages} pages of ${pageSize}`);
  } catch (error) {
    notes.push(`user search failed at page ${page}: ${describeError(error)}`);
  }
  if (total !== undefined && notes.length === 0 && received !== total)
    notes.push(`user search returned ${received} users but Descope reported a total of ${total}`);
  let keys: DirectoryRead['keys'] = [];
  try {
    const answer = await source.searchAccessKeys();
    keys = answer.keys;
    malformed += answer.malformed;
  } catch (error) {
    notes.push(`access-key search failed: ${describeError(error)}`);
  }
  if (malformed > 0) notes.push(`${malformed} users or keys were answered in a shape that could not be read`);
  return {
    users: [...users.values()],
    keys,
    coverage: {
      usersRead: seen.size,
      usersTotal: total,
      keysRead: keys.length,
      malformed,
      complete: notes.length === 0,
      notes,
    },
  };
}
