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
  override name = 'ConfigError';
}

/** The report period is not one Descope can answer (e.g. older than the audit retention). */
export class PeriodError extends ReportJobError {
  override name = 'PeriodError';
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
  override name = 'DescopeAuditError';
  constructor(
    message: string,
    readonly details: DescopeAuditErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Storing the report (S3) failed: nothing may be announced. */
export class ReportStorageError extends ReportJobError {
  override name = 'ReportStorageError';
}

/** The report was stored but the summary email could not be sent. */
export class ReportDeliveryError extends ReportJobError {
  override name = 'ReportDeliveryError';
}

/**
 * Sending the email ended without an answer that says whether it was accepted (a timeout, a
 * connection lost after the request was written, a server error): it may have gone out, so it is
 * never sent again on its own.
 */
export class DeliveryUnconfirmedError extends ReportDeliveryError {
  override name = 'DeliveryUnconfirmedError';
}

/** Reading the Descope credentials from Secrets Manager failed or the secret is malformed. */
export class SecretError extends ReportJobError {
  override name = 'SecretError';
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

/** The manifest could not be signed (KMS refused or the key is not a P-256 signing key). */
export class ManifestSigningError extends ReportJobError {
  override name = 'ManifestSigningError';
}

/** The report's anchor could not be written to, or read from, Descope's audit trail. */
export class ReportAnchorError extends ReportJobError {
  override name = 'ReportAnchorError';
}

/**
 * Waiting (for the rate limit) would outlast what is left of the invocation: the run pauses at its
 * last checkpoint and continues in a new invocation instead of sleeping into the timeout.
 */
export class TimeBudgetError extends ReportJobError {
  override name = 'TimeBudgetError';
}

/** A stored evidence part is not the file the run wrote (its size or SHA-256 differs): it is not read. */
export class EvidenceIntegrityError extends ReportJobError {
  override name = 'EvidenceIntegrityError';
}

/**
 * A continuation event disagrees with the stored checkpoint (another run, another period, an
 * invocation count out of step, or no checkpoint at all): it is refused, nothing is written or sent.
 */
export class ContinuationRefusedError extends ReportJobError {
  override name = 'ContinuationRefusedError';
}

/** The run did not start: another run holds the period, or its continuation was refused (CLI exit 3). */
export class RunRefusedError extends ReportJobError {
  override name = 'RunRefusedError';
}

/** The query engine (DuckDB) could not load the evidence or run a query's SQL. */
export class QueryEngineError extends ReportJobError {
  override name = 'QueryEngineError';
}

/** The audit stream's objects could not be listed or read (its layout, its bucket, its access). */
export class StreamSourceError extends ReportJobError {
  override name = 'StreamSourceError';
}
