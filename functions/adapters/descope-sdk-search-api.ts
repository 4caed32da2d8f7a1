import DescopeClient from '@descope/node-sdk';
import type { AuditFilter } from '../core/audit-record.js';
import { DescopeAuditError } from '../shared/errors.js';
import { toAuditRecord } from './audit-record-schema.js';
import type { AuditSearchApi, AuditSearchPage, AuditSearchRequest } from './audit-search-api.js';
import { createTimedFetch, type SdkError, sdkApiError, sdkTransportError } from './descope-timed-fetch.js';

export interface DescopeSdkSearchOptions {
  projectId: string;
  managementKey: string;
  baseUrl?: string;
  /** Whole-request timeout, body included. */
  timeoutMs: number;
}

/** The search options the SDK's types lack but pass through to the body at runtime. */
type SearchAllOptions = AuditFilter & {
  from: number;
  to: number;
  size: number;
  page: number;
  oldestFirst: boolean;
};

/**
 * Audit search through `@descope/node-sdk`. The SDK gets no logger (it would print the management
 * key), and its raw `response` is never logged or attached to errors. A custom `fetch` adds the
 * per-request timeout the SDK lacks and keeps the SDK from retrying behind the limiter's back.
 */
export function createDescopeSdkSearchApi(options: DescopeSdkSearchOptions): AuditSearchApi {
  const timedFetch = createTimedFetch(options.timeoutMs, 'audit search');
  const client = DescopeClient({
    projectId: options.projectId,
    managementKey: options.managementKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    fetch: timedFetch,
  });
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
      const audits = answer.data?.audits;
      const total = answer.data?.total;
      if (!Array.isArray(audits) || typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
        throw new DescopeAuditError('Descope audit search answered without audits/total', {
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
