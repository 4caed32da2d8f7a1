import type { AuditFilter, AuditRecord } from '../core/records/audit-record.js';

/** One page request of the audit search: the window is sent as given (epoch ms). */
export interface AuditSearchRequest {
  filter: AuditFilter;
  from: number;
  to: number;
  page: number;
  size: number;
}

/**
 * One answered page. `total` is what the API says matches the request, across pages (0 when it
 * left the field out): undocumented as an exact count, so only ever a cross-check.
 */
export interface AuditSearchPage {
  records: AuditRecord[];
  total: number;
  /** Records in the answer that failed validation (counted, not kept). */
  malformed: number;
}

/**
 * Port: exactly one HTTP attempt of `POST /v1/mgmt/audit/search`. Failures throw
 * `DescopeAuditError` with `retryable` and, for 429, `retryAfterMs`.
 */
export interface AuditSearchApi {
  search(request: AuditSearchRequest): Promise<AuditSearchPage>;
}
