import { QueryEngineError } from './errors.js';

/** An Athena query failed, was cancelled, or could not be started or read. */
export class AthenaQueryError extends QueryEngineError {
  override name = 'AthenaQueryError';
  constructor(
    message: string,
    /** The query execution, when Athena gave one. */
    readonly executionId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A query would scan (or scanned) more than the configured cutoff: nothing more is run. */
export class AthenaCostGuardError extends QueryEngineError {
  override name = 'AthenaCostGuardError';
}
