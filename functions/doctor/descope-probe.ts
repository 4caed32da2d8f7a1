import type { AuditFilter } from '../core/records/audit-record.js';
import type { SampledRecord } from './data-key-check.js';

/** One answer of the Descope API, reduced to what the doctor prints: never a header it sent. */
export type ProbeAnswer<T> =
  | { ok: true; value: T; rateLimitHeaders: string[] }
  | { ok: false; status?: number; code?: string; message: string; retryAfterSeconds?: number };

export interface SampleRequest {
  filter: AuditFilter;
  from: number;
  to: number;
  size: number;
}

/** Port: the few Descope requests the doctor makes. */
export interface DescopeProbe {
  /** `GET /v1/mgmt/license` (the SDK's own handshake): checks key and project without an audit search. */
  checkKey(): Promise<ProbeAnswer<undefined>>;
  /** One audit search, newest first. */
  sample(request: SampleRequest): Promise<ProbeAnswer<{ records: SampledRecord[]; total?: number }>>;
}

export interface DescopeProbeOptions {
  baseUrl: string;
  projectId: string;
  managementKey: string;
  timeoutMs: number;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** The node SDK renames `loginIds` to `externalIds` on the wire; so does the doctor. */
function wireFilter(filter: AuditFilter): Record<string, unknown> {
  const { loginIds, ...rest } = filter;
  return loginIds ? { ...rest, externalIds: loginIds } : rest;
}

/**
 * The Descope API over plain `fetch`, so the doctor sees statuses and rate-limit headers the SDK
 * hides. The management key goes into the Authorization header and nowhere else: failures carry
 * the status, Descope's error code and description, or the transport error's class and message.
 */
export function createDescopeProbe(options: DescopeProbeOptions): DescopeProbe {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = {
    authorization: `Bearer ${options.projectId}:${options.managementKey}`,
    'content-type': 'application/json',
  };
  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    read: (json: unknown) => T,
  ): Promise<ProbeAnswer<T>> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const e = error as Error;
      const cause = (e.cause as Error | undefined)?.message;
      return { ok: false, message: `${e.name}: ${e.message}${cause ? ` (${cause})` : ''}` };
    }
    const rateLimitHeaders = [...response.headers]
      .filter(([name]) => /ratelimit|retry-after/i.test(name))
      .map(([name, value]) => `${name}: ${value}`);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = asObject(json);
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        ok: false,
        status: response.status,
        code: typeof error?.errorCode === 'string' ? error.errorCode : undefined,
        message:
          [error?.errorDescription, error?.errorMessage]
            .filter((t) => typeof t === 'string' && t)
            .join(': ') || `HTTP ${response.status}${json === undefined ? ' (not JSON)' : ''}`,
        retryAfterSeconds: response.status === 429 ? (retryAfter > 0 ? retryAfter : 60) : undefined,
      };
    }
    return { ok: true, value: read(json), rateLimitHeaders };
  };
  return {
    checkKey: () => call('GET', '/v1/mgmt/license', undefined, () => undefined),
    sample: (request) =>
      call(
        'POST',
        '/v1/mgmt/audit/search',
        { ...wireFilter(request.filter), from: request.from, to: request.to, size: request.size, page: 0 },
        (json) => {
          const answer = asObject(json);
          const audits = Array.isArray(answer?.audits) ? answer.audits : [];
          const records: SampledRecord[] = [];
          for (const raw of audits) {
            const record = asObject(raw);
            if (typeof record?.action !== 'string') continue;
            records.push({ action: record.action, data: asObject(record.data) ?? {} });
          }
          return { records, total: typeof answer?.total === 'number' ? answer.total : undefined };
        },
      ),
  };
}
