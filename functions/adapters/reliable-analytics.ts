import type { AuditAnalyticsSource } from './audit-analytics-source.js';
import type { ReliableAuditSearch } from './reliable-audit-search.js';

/**
 * Analytics searches through the run's audit-search limiter and retry policy: Descope's limits are
 * per key, so every request of the run draws from the same budget.
 */
export function createReliableAnalytics(
  api: AuditAnalyticsSource,
  limiter: Pick<ReliableAuditSearch, 'run'>,
): AuditAnalyticsSource {
  return { count: (query) => limiter.run(() => api.count(query)) };
}
