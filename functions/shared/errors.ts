/**
 * The base of every error the report job raises on purpose. Catching `ReportJobError` separates a
 * named, explained failure from a bug; the underlying failure travels as `cause` (ES2022
 * `ErrorOptions`), never pasted into the message with its secrets.
 */
export class ReportJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReportJobError';
  }
}

/** Configuration is missing or invalid; raised before any request is made. */
export class ConfigError extends ReportJobError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The report period is not one Descope can answer (e.g. older than the audit retention). */
export class PeriodError extends ReportJobError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PeriodError';
  }
}

/** What a failed Descope request said, for retry decisions and the report's gap reasons. */
export interface DescopeAuditErrorDetails {
  status?: number;
  code?: string;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** A Descope audit request failed for good (after retries) or answered something unusable. */
export class DescopeAuditError extends ReportJobError {
  constructor(
    message: string,
    readonly details: DescopeAuditErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DescopeAuditError';
  }
}

/** Storing the report (S3) failed: nothing may be announced. */
export class ReportStorageError extends ReportJobError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReportStorageError';
  }
}

/** The report was stored but the summary email could not be sent. */
export class ReportDeliveryError extends ReportJobError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReportDeliveryError';
  }
}

/** Reading the Descope credentials from Secrets Manager failed or the secret is malformed. */
export class SecretError extends ReportJobError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretError';
  }
}

/**
 * How much of a caught value goes into a message: `message` (the default), the class `name` alone
 * (where the message could carry something that must not be logged), `name: message`, or the
 * stack (for a developer's tool).
 */
export type ErrorDetail = 'message' | 'name' | 'name: message' | 'stack';

/**
 * A caught value as text. Anything can be thrown; a non-`Error` is shown with `String()` (its
 * name is `Error`).
 */
export function describeError(error: unknown, detail: ErrorDetail = 'message'): string {
  if (!(error instanceof Error)) return detail === 'name' ? 'Error' : String(error);
  if (detail === 'name') return error.name;
  if (detail === 'stack') return error.stack ?? error.message;
  return detail === 'message' ? error.message : `${error.name}: ${error.message}`;
}
