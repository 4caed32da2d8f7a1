import { z } from 'zod';

/**
 * Coercions for deploy settings. A value can come from cdk.json (any JSON type), from
 * `-c key=value` (always a string) or from the JSON config file, so each setting accepts both
 * its JSON type and its string spelling.
 */

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const toNumber = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  return typeof v === 'string' ? Number(v.trim()) : v;
};

const toBoolean = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  const normalized = v.trim().toLowerCase();
  if (normalized === 'true') return true;
  if (normalized === 'false') return false;
  return v;
};

/** `a,b`, `["a","b"]` (as text from `-c`) or a JSON array. */
const toList = (value: unknown): unknown => {
  const v = blankToUndefined(value);
  if (typeof v !== 'string') return v;
  const text = v.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return v;
    }
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
};

/** A whole number in `[min, max]`. */
export const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(toNumber, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
};

/** `true`/`false`, as JSON or text. */
export const flag = () => z.preprocess(toBoolean, z.boolean({ error: 'must be true or false' }));

/** A trimmed string; blank counts as unset. */
export const text = (error: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? blankToUndefined(value.trim()) : value),
    z.string({ error }),
  );

/** An email address. */
export const emailAddress = () =>
  text('must be an email address').pipe(z.email({ error: 'must be an email address' }));

/** A list given as a JSON array or a comma-separated string. */
export const list = <T extends z.ZodType>(item: T, error: string) =>
  z.preprocess(toList, z.array(item, { error }));
