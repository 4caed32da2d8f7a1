import { z } from 'zod';
import { FINDING_RULES } from '../findings/finding.js';

/** Longest an exception may run, from `created` to `expires`. */
export const MAX_EXCEPTION_DAYS = 365;
/** The email lists exceptions expiring within this many days of the period's end. */
export const EXPIRING_SOON_DAYS = 14;
/** An exception matching nothing for this many consecutive weeks is reported as stale. */
export const STALE_AFTER_WEEKS = 4;

const DAY_MS = 86_400_000;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'must be a real date');
const nonEmpty = (what: string) => z.string().trim().min(1, `must name ${what}`).max(500);

/** What a finding must be about for an exception to apply: every field given must agree. */
export const exceptionMatchSchema = z
  .object({
    rule: z.enum(FINDING_RULES, { message: `must be one of ${FINDING_RULES.join(', ')}` }).optional(),
    user: nonEmpty('a user ID or login ID').optional(),
    tenant: nonEmpty('a tenant ID').optional(),
    address: nonEmpty('an IP address').optional(),
    country: nonEmpty('a country code').optional(),
  })
  .strict()
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'must give at least one field');

/** One accepted risk: which finding, who owns the decision, why, where it is tracked, until when. */
export const riskExceptionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, hyphens or underscores'),
    fingerprint: z
      .string()
      .regex(/^[a-z-]+:[0-9a-f]{16}$/, 'must be a finding fingerprint as summary.json lists it')
      .optional(),
    match: exceptionMatchSchema.optional(),
    owner: nonEmpty('who owns the decision'),
    reason: nonEmpty('why the risk is accepted'),
    ticket: z.url({ protocol: /^https$/, message: 'must be an https URL' }),
    created: day,
    expires: day,
  })
  .strict()
  .superRefine((e, ctx) => {
    if ((e.fingerprint === undefined) === (e.match === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['match'],
        message: 'give either fingerprint or match, not both',
      });
    const days = (Date.parse(e.expires) - Date.parse(e.created)) / DAY_MS;
    if (days <= 0) ctx.addIssue({ code: 'custom', path: ['expires'], message: 'must be after created' });
    else if (days > MAX_EXCEPTION_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['expires'],
        message: `must be at most ${MAX_EXCEPTION_DAYS} days after created`,
      });
  });

export const exceptionsFileSchema = z
  .object({
    exceptions: z.array(riskExceptionSchema).max(1000),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.exceptions.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'id'], message: `repeats id ${e.id}` });
      seen.add(e.id);
    });
  });

export type ExceptionMatch = z.output<typeof exceptionMatchSchema>;
export type RiskException = z.output<typeof riskExceptionSchema>;

/** The exceptions file as the run read it: its entries, and the text's SHA-256 for the record. */
export interface RiskExceptions {
  /** The file's name as given (shown in the report). */
  source: string;
  exceptions: RiskException[];
}

/** Midnight UTC ending the `expires` day: an exception holds through its whole last day. */
export const expiresAt = (e: RiskException) => Date.parse(`${e.expires}T00:00:00Z`) + DAY_MS;
/** Midnight UTC starting the `created` day. */
export const createdAt = (e: RiskException) => Date.parse(`${e.created}T00:00:00Z`);
