import { z } from 'zod';
import { type ApiErrorAnswer, apiError, ERROR_CODES } from './api-answer.js';

/**
 * Field types as Descope's gateway (protobuf JSON) reads them: 64-bit integers may come as numbers or
 * decimal strings, `null` means unset, and a wrong type is a 400 rather than silently ignored.
 */
export const int64Field = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be a whole number')])
  .transform(Number)
  .nullish();

export const stringListField = z.array(z.string()).nullish();
export const booleanField = z.boolean().nullish();
export const stringField = z.string().nullish();

/** A search's time range, epoch ms, both ends inclusive (`resolveTimeRange`). */
export const timeRangeFields = { from: int64Field, to: int64Field };

/** The actions a search asks for or leaves out (`ActionFilters`). */
export const actionFields = { actions: stringListField, excludedActions: stringListField };

/** The client filters both searches take: device, method and geo. */
export const clientFields = { devices: stringListField, methods: stringListField, geos: stringListField };

/** Parses a JSON body against a request schema; any mismatch becomes a 400 naming the field. */
export function parseRequestBody<T extends z.ZodObject>(
  schema: T,
  body: unknown,
): { ok: true; value: z.output<T> } | { ok: false; error: ApiErrorAnswer } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  const detail = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: apiError(400, ERROR_CODES.badRequest, 'Bad request', detail) };
}

/**
 * Body fields the schema does not know. The real gateway discards them silently; the stand-in does too
 * but lists them in its request log, so a test can prove a client sends no misspelt filter.
 */
export function unknownFieldsOf(schema: z.ZodObject, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const known = new Set(Object.keys(schema.shape));
  return Object.keys(body).filter((key) => !known.has(key));
}

/** Proto3 cannot tell 0 from unset, so a 0 timestamp or size means "not given". */
export function givenOrUndefined(value: number | null | undefined): number | undefined {
  return value === null || value === undefined || value === 0 ? undefined : value;
}

/**
 * The `[from, to]` a search asks for: unset ends default to `oldestAllowed` and `now`; a `from` before
 * `oldestAllowed` (the endpoint's retention, named by `retention`) or a `to` before `from` is a 400.
 */
export function resolveTimeRange(
  request: { from?: number | null; to?: number | null },
  now: number,
  oldestAllowed: number,
  retention: string,
): { ok: true; from: number; to: number } | { ok: false; error: ApiErrorAnswer } {
  const from = givenOrUndefined(request.from) ?? oldestAllowed;
  const to = givenOrUndefined(request.to) ?? now;
  const problem =
    from < oldestAllowed
      ? `from may not be older than ${retention}`
      : to < from
        ? 'to must not be before from'
        : '';
  if (!problem) return { ok: true, from, to };
  return { ok: false, error: apiError(400, ERROR_CODES.validation, 'Request validation failed', problem) };
}
