import type { AuditFilter } from '../core/records/audit-record.js';
import { DescopeAuditError } from '../shared/errors.js';
import { toAuditRecord } from './audit-record-schema.js';
import type { AuditSearchApi, AuditSearchPage, AuditSearchRequest } from './audit-search-api.js';
import { createDescopeManagementClient, type DescopeConnection } from './descope-management-client.js';
import { type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';

export type DescopeSdkSearchOptions = DescopeConnection;

/** The search options the SDK's types lack but pass through to the body at runtime. */
type SearchAllOptions = AuditFilter & {
  from: number;
  to: number;
  size: number;
  page: number;
  oldestFirst: boolean;
};

/**
 * Protobuf JSON leaves an empty `audits` list out of the answer, and the SDK's transform then
 * throws reading `audits.map`: a successful answer without the field gets an empty list here, so
 * an empty result is an empty page rather than a failure. Anything that is not a JSON object
 * passes through untouched (the SDK reports it).
 */
function withAuditsDefault(send: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await send(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!response.ok || !url.includes('/v1/mgmt/audit/search')) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    const answer = (body: string) => new Response(body, { status: response.status, headers });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return answer(text);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || 'audits' in body)
      return answer(text);
    return answer(JSON.stringify({ ...body, audits: [] }));
  };
}

/**
 * Audit search through `@descope/node-sdk`. The SDK gets no logger (it would print the management
 * key), and its raw `response` is never logged or attached to errors. A custom `fetch` adds the
 * per-request timeout the SDK lacks and keeps the SDK from retrying behind the limiter's back.
 */
export function createDescopeSdkSearchApi(options: DescopeSdkSearchOptions): AuditSearchApi {
  const client = createDescopeManagementClient(options, 'audit search', withAuditsDefault);
  const searchAll = client.management.audit.searchAll as unknown as (options: SearchAllOptions) => Promise<{
    ok: boolean;
    code?: number;
    data?: { audits?: unknown[]; total?: unknown };
    error?: SdkError;
  }>;

  return {
    async search(request: AuditSearchRequest): Promise<AuditSearchPage> {
      let answer: Awaited<ReturnType<typeof searchAll>>;
      try {
        answer = await searchAll({
          ...request.filter,
          from: request.from,
          to: request.to,
          size: request.size,
          page: request.page,
          oldestFirst: true,
        });
      } catch (error) {
        throw sdkTransportError('audit search', error);
      }
      if (!answer.ok) throw sdkApiError('audit search', answer.code, answer.error);
      // Protobuf JSON leaves out empty and zero fields: `{}` is an empty page with a total of 0.
      const audits = answer.data?.audits ?? [];
      const total = answer.data?.total ?? 0;
      if (!Array.isArray(audits) || typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
        throw new DescopeAuditError('Descope audit search answered without a valid audits/total', {
          retryable: true,
        });
      }
      const records = [];
      for (const raw of audits) {
        const record = toAuditRecord(raw);
        if (record) records.push(record);
      }
      return { records, total, malformed: audits.length - records.length };
    },
  };
}
