import type { DirectoryKey, DirectoryUser } from '../core/access/build-access-snapshot.js';

/** One page of the user search. */
export interface UserPage {
  users: DirectoryUser[];
  /** Entries of the page (readable or not): a page shorter than the limit is the last. */
  received: number;
  /** Entries that were not a user in the documented shape. */
  malformed: number;
  /** Descope's `total`, when it reported one. */
  total?: number;
}

export interface KeyList {
  keys: DirectoryKey[];
  malformed: number;
}

/** Port: Descope's user and access-key searches (management API). */
export interface DirectorySource {
  /**
   * `page` is zero-based; `limit` users per page. With `roleNames`, only users holding one of them
   * (Descope's `roleNames` filter; whether it matches roles held in tenants is [unverified]).
   */
  searchUsers(page: number, limit: number, roleNames?: readonly string[]): Promise<UserPage>;
  /** Every access key (the search has no paging). */
  searchAccessKeys(): Promise<KeyList>;
  /** The project's role names (`management.role.loadAll`), when the source can list them. */
  listRoleNames?(): Promise<string[]>;
}

/** Runs each directory request under the directory's limiter and retry policy. */
export function createReliableDirectory(
  api: DirectorySource,
  limiter: { run<T>(call: () => Promise<T>): Promise<T> },
): DirectorySource {
  const listRoleNames = api.listRoleNames?.bind(api);
  return {
    searchUsers: (page, limit, roleNames) => limiter.run(() => api.searchUsers(page, limit, roleNames)),
    searchAccessKeys: () => limiter.run(() => api.searchAccessKeys()),
    ...(listRoleNames ? { listRoleNames: () => limiter.run(listRoleNames) } : {}),
  };
}
