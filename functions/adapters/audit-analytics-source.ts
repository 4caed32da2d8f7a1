import type { AnalyticsCount, AnalyticsQuery } from '../core/records/analytics-count.js';

/**
 * Port: exactly one attempt of `POST /v1/mgmt/analytics/search` (grouped counts, no records).
 * Failures throw `DescopeAuditError` with `retryable` and, for 429, `retryAfterMs`, like the search.
 */
export interface AuditAnalyticsSource {
  count(query: AnalyticsQuery): Promise<AnalyticsCount[]>;
}
