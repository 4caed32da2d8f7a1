/** Configuration is missing or invalid; raised before any request is made. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The report period is not one Descope can answer (e.g. older than the audit retention). */
export class PeriodError extends Error {
  override name = 'PeriodError';
}

/** A Descope audit request failed for good (after retries) or answered something unusable. */
export class DescopeAuditError extends Error {
  override name = 'DescopeAuditError';
  constructor(
    message: string,
    readonly details: { status?: number; code?: string; retryable?: boolean; retryAfterMs?: number } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Storing the report (S3) failed: nothing may be announced. */
export class ReportStorageError extends Error {
  override name = 'ReportStorageError';
}

/** The report was stored but the summary email could not be sent. */
export class ReportDeliveryError extends Error {
  override name = 'ReportDeliveryError';
}

/** Reading the Descope credentials from Secrets Manager failed or the secret is malformed. */
export class SecretError extends Error {
  override name = 'SecretError';
}

/**
 * A continuation event disagrees with the stored checkpoint (another run, another period, an
 * invocation count out of step, or no checkpoint at all): it is refused, nothing is written or sent.
 */
export class ContinuationRefusedError extends Error {
  override name = 'ContinuationRefusedError';
}

/** The run did not start: another run holds the period, or its continuation was refused (CLI exit 3). */
export class RunRefusedError extends Error {
  override name = 'RunRefusedError';
}
