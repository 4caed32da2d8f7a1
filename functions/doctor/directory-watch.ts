import type { DirectorySource } from '../adapters/directory-source.js';
import { DescopeAuditError } from '../shared/errors.js';

/** What the doctor saw of its own directory requests: the figures its headroom line is made of. */
export interface DirectoryTraffic {
  /** Directory requests sent (each reached the API, or failed on the way). */
  requests: number;
  /** The first 429: after how many requests, how long after the first, and its `Retry-After`. */
  rateLimited?: { request: number; afterMs: number; retryAfterSeconds: number };
  /** Rate-limit headers of the last answer that had any (`name: value`). */
  rateLimitHeaders: string[];
}

/** Counts the requests of a directory source and notes the first 429; sits under the limiter. */
export interface DirectoryWatch {
  readonly traffic: DirectoryTraffic;
  /** For the adapter's `onResponse`: keeps rate-limit headers, never another header. */
  onResponse(status: number, headers: Headers): void;
  watch(api: DirectorySource): DirectorySource;
}

/** A watch over a monotonic `clock` (ms). */
export function createDirectoryWatch(clock: () => number = () => performance.now()): DirectoryWatch {
  const traffic: DirectoryTraffic = { requests: 0, rateLimitHeaders: [] };
  let first: number | undefined;
  const observe = async <T>(call: () => Promise<T>): Promise<T> => {
    traffic.requests += 1;
    const request = traffic.requests;
    first ??= clock();
    try {
      return await call();
    } catch (error) {
      if (error instanceof DescopeAuditError && error.details.status === 429 && !traffic.rateLimited) {
        traffic.rateLimited = {
          request,
          afterMs: clock() - first,
          retryAfterSeconds: Math.round((error.details.retryAfterMs ?? 60_000) / 1000),
        };
      }
      throw error;
    }
  };
  return {
    traffic,
    onResponse(_status, headers) {
      const seen = [...headers]
        .filter(([name]) => /ratelimit|retry-after/i.test(name))
        .map(([name, value]) => `${name}: ${value}`);
      if (seen.length > 0) traffic.rateLimitHeaders = seen;
    },
    watch(api) {
      const listRoleNames = api.listRoleNames?.bind(api);
      return {
        searchUsers: (page, limit, roleNames) => observe(() => api.searchUsers(page, limit, roleNames)),
        searchAccessKeys: () => observe(() => api.searchAccessKeys()),
        listRoleNames: listRoleNames ? () => observe(listRoleNames) : undefined,
      };
    },
  };
}
