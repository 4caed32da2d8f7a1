/** The JSON error body every Descope API error answers with. */
export interface ApiErrorBody {
  errorCode: string;
  errorDescription: string;
  errorMessage: string;
}

/** A JSON answer: HTTP status, body and any extra headers (e.g. `Retry-After`). */
export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An error answer, always in Descope's error body format. */
export interface ApiErrorAnswer extends JsonAnswer {
  body: ApiErrorBody;
}

/**
 * Error codes this stand-in answers with. `E011001`–`E011003` and `E130429` are codes Descope is known to
 * use; the others are plausible stand-ins, chosen so each refusal is distinguishable in tests.
 */
export const ERROR_CODES = {
  badRequest: 'E011001',
  missingArguments: 'E011002',
  validation: 'E011003',
  unauthorized: 'E011004',
  notFound: 'E011404',
  rateLimited: 'E130429',
  internal: 'E010500',
  unavailable: 'E010503',
} as const;

/** Builds an error answer; `description` is the short category, `message` the detail. */
export function apiError(
  status: number,
  errorCode: string,
  errorDescription: string,
  errorMessage: string,
  headers?: Record<string, string>,
): ApiErrorAnswer {
  return { status, body: { errorCode, errorDescription, errorMessage }, ...(headers ? { headers } : {}) };
}
