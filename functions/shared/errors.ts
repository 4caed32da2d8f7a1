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
 * Waiting (for the rate limit) would outlast what is left of the invocation: the run pauses at its
 * last checkpoint and continues in a new invocation instead of sleeping into the timeout.
 */
export class TimeBudgetError extends Error {
  override name = 'TimeBudgetError';
}

/** A stored evidence part is not the file the run wrote (its size or SHA-256 differs): it is not read. */
export class EvidenceIntegrityError extends Error {
  override name = 'EvidenceIntegrityError';
}
