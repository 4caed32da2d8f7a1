import { DescopeAuditError, describeError } from '../shared/errors.js';

/**
 * Statuses the SDK's HTTP layer (core-js-sdk) silently re-sends up to three times over ~10 s. Each
 * of those would be a request the rate limiter never saw, so they are failed here, once, and
 * retried by our own policy instead.
 */
const SDK_RETRIED_STATUSES = new Set([503, 520, 521, 522, 524, 530]);

/**
 * A `fetch` for the Descope SDK: a whole-request timeout (the SDK has none), and the statuses the
 * SDK would re-send on its own turned into one retryable `DescopeAuditError`.
 */
export function createTimedFetch(timeoutMs: number, operation: string): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (SDK_RETRIED_STATUSES.has(response.status)) {
      await response.body?.cancel();
      throw new DescopeAuditError(`Descope ${operation} failed: HTTP ${response.status}`, {
        status: response.status,
        retryable: true,
      });
    }
    return response;
  };
}

/** What the SDK puts in `error` for a 4xx/5xx JSON answer. */
export interface SdkError {
  errorCode?: string;
  errorDescription?: string;
  errorMessage?: string;
  retryAfter?: number | string;
}

/** The SDK throws on timeouts, connection failures and non-JSON or truncated bodies: all transient. */
export function sdkTransportError(operation: string, error: unknown): DescopeAuditError {
  if (error instanceof DescopeAuditError) return error;
  const name = describeError(error, 'name');
  const kind =
    name === 'TimeoutError' || name === 'AbortError'
      ? 'timed out'
      : name === 'SyntaxError'
        ? 'answered a body that is not JSON (error page or truncated)'
        : 'could not be reached';
  // Only the error's class and message travel on: never the request, its headers or the response.
  return new DescopeAuditError(`Descope ${operation} ${kind} (${describeError(error, 'name: message')})`, {
    retryable: true,
  });
}

/** A 4xx/5xx answer: 429 carries `Retry-After` (60 s when absent), 5xx and unknown are retryable. */
export function sdkApiError(
  operation: string,
  status: number | undefined,
  error: SdkError | undefined,
): DescopeAuditError {
  const code = error?.errorCode ?? 'unknown';
  const description = error?.errorDescription ?? error?.errorMessage ?? 'no description';
  const retryable = status === 429 || status === undefined || status >= 500;
  const retryAfterSeconds = Number(error?.retryAfter);
  return new DescopeAuditError(`Descope ${operation} failed: HTTP ${status ?? '?'} ${code} ${description}`, {
    ...(status !== undefined ? { status } : {}),
    code,
    retryable,
    ...(status === 429 ? { retryAfterMs: (retryAfterSeconds > 0 ? retryAfterSeconds : 60) * 1000 } : {}),
  });
}
