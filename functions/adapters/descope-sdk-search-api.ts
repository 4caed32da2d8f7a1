import DescopeClient from '@descope/node-sdk';
import type { AuditFilter } from '../core/audit-record.js';
import { DescopeAuditError } from '../shared/errors.js';
import { toAuditRecord } from './audit-record-schema.js';
import type { AuditSearchApi, AuditSearchPage, AuditSearchRequest } from './audit-search-api.js';

export interface DescopeSdkSearchOptions {
  projectId: string;
  managementKey: string;
  baseUrl?: string;
  /** Whole-request timeout, body included. */
  timeoutMs: number;
}

/** What the SDK puts in `error` for a 4xx/5xx JSON answer. */
interface SdkError {
  errorCode?: string;
  errorDescription?: string;
  errorMessage?: string;
  retryAfter?: number | string;
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
 * Statuses the SDK's HTTP layer (core-js-sdk) silently re-sends up to three times over ~10 s. Each
 * of those would be a request the rate limiter never saw, so they are failed here, once, and
 * retried by our own policy instead.
 */
const SDK_RETRIED_STATUSES = new Set([503, 520, 521, 522, 524, 530]);

/**
 * Audit search through `@descope/node-sdk`. The SDK gets no logger (it would print the management
 * key), and its raw `response` is never logged or attached to errors. A custom `fetch` adds the
 * per-request timeout the SDK lacks and keeps the SDK from retrying behind the limiter's back.
 */
export function createDescopeSdkSearchApi(options: DescopeSdkSearchOptions): AuditSearchApi {
  const timedFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    if (SDK_RETRIED_STATUSES.has(response.status)) {
      await response.body?.cancel();
      throw new DescopeAuditError(`Descope audit search failed: HTTP ${response.status}`, {
        status: response.status,
        retryable: true,
      });
    }
    return response;
  };
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
        throw transportError(error);
      }
      if (!answer.ok) throw apiError(answer.code, answer.error);
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

/** The SDK throws on timeouts, connection failures and non-JSON or truncated bodies: all transient. */
function transportError(error: unknown): DescopeAuditError {
  if (error instanceof DescopeAuditError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const kind =
    name === 'TimeoutError' || name === 'AbortError'
      ? 'timed out'
      : name === 'SyntaxError'
        ? 'answered a body that is not JSON (error page or truncated)'
        : 'could not be reached';
  // Only the error's class and message travel on: never the request, its headers or the response.
  const detail = error instanceof Error ? `${name}: ${error.message}` : String(error);
  return new DescopeAuditError(`Descope audit search ${kind} (${detail})`, { retryable: true });
}

function apiError(status: number | undefined, error: SdkError | undefined): DescopeAuditError {
  const code = error?.errorCode ?? 'unknown';
  const description = error?.errorDescription ?? error?.errorMessage ?? 'no description';
  const retryable = status === 429 || status === undefined || status >= 500;
  const retryAfterSeconds = Number(error?.retryAfter);
  return new DescopeAuditError(`Descope audit search failed: HTTP ${status ?? '?'} ${code} ${description}`, {
    ...(status !== undefined ? { status } : {}),
    code,
    retryable,
    ...(status === 429 ? { retryAfterMs: (retryAfterSeconds > 0 ? retryAfterSeconds : 60) * 1000 } : {}),
  });
}
