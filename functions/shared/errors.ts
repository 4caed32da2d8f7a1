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

/** The manifest could not be signed (KMS refused or the key is not a P-256 signing key). */
export class ManifestSigningError extends Error {
  override name = 'ManifestSigningError';
}

/** The report's anchor could not be written to, or read from, Descope's audit trail. */
export class ReportAnchorError extends Error {
  override name = 'ReportAnchorError';
}
