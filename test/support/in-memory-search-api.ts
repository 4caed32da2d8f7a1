import type { AuditSearchApi, AuditSearchRequest } from '../../functions/adapters/audit-search-api.js';
import type { AuditRecord } from '../../functions/core/records/audit-record.js';
import { DescopeAuditError } from '../../functions/shared/errors.js';

/** How the fake departs from Descope's documented behaviour. */
export interface FakeSearchBehaviour {
  /** Answers newest first, as an API ignoring `oldestFirst` would. */
  newestFirst?: boolean;
  /** `total` stops counting here, as search backends commonly do. */
  totalCap?: number;
  /** The most records a page holds, whatever `size` asks for. */
  pageSizeCap?: number;
}

/**
 * A fake of the one-attempt search port for use-case tests: inclusive edges (like the stand-in),
 * oldest first unless told otherwise, deep pages refused past `maxResultWindow`. `failNext` queues errors.
 */
export function inMemorySearchApi(
  records: AuditRecord[],
  maxResultWindow = 10_000,
  behaviour: FakeSearchBehaviour = {},
) {
  const sorted = [...records].sort(
    (a, b) => a.occurred - b.occurred || (a.id ?? '').localeCompare(b.id ?? ''),
  );
  if (behaviour.newestFirst) sorted.reverse();
  const requests: AuditSearchRequest[] = [];
  const failures: Error[] = [];
  const api: AuditSearchApi = {
    async search(request) {
      requests.push(request);
      const failure = failures.shift();
      if (failure) throw failure;
      if ((request.page + 1) * request.size > maxResultWindow) {
        throw new DescopeAuditError('result window too large', { status: 400, retryable: false });
      }
      const actions = request.filter.actions;
      const matching = sorted.filter(
        (r) =>
          r.occurred >= request.from && r.occurred <= request.to && (!actions || actions.includes(r.action)),
      );
      const size = Math.min(request.size, behaviour.pageSizeCap ?? request.size);
      const start = request.page * request.size;
      const total = Math.min(matching.length, behaviour.totalCap ?? matching.length);
      return { records: matching.slice(start, start + size), total, malformed: 0 };
    },
  };
  return { api, requests, failNext: (...errors: Error[]) => failures.push(...errors) };
}
