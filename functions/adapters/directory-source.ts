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
  /** `page` is zero-based; `limit` users per page. */
  searchUsers(page: number, limit: number): Promise<UserPage>;
  /** Every access key (the search has no paging). */
  searchAccessKeys(): Promise<KeyList>;
}

/** Runs each directory request under the run's limiter and retry policy (shared with audit searches). */
export function createReliableDirectory(
  api: DirectorySource,
  limiter: { run<T>(call: () => Promise<T>): Promise<T> },
): DirectorySource {
  return {
    searchUsers: (page, limit) => limiter.run(() => api.searchUsers(page, limit)),
    searchAccessKeys: () => limiter.run(() => api.searchAccessKeys()),
  };
}
