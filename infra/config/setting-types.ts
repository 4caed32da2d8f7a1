import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { campaignSettingsSchema } from '../../functions/core/access/campaign-settings.js';
import { emailAddress, list, text, wholeNumber } from './context-values.js';

/** Retention periods CloudWatch Logs accepts (`RetentionInDays`). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Six fields: minutes hours day-of-month month day-of-week year; exactly one day field is `?`. */
function isSchedulerCron(expression: string): boolean {
  const fields = expression.split(/\s+/);
  if (fields.length !== 6 || !fields.every((field) => /^[\w*?,/#-]+$/.test(field))) return false;
  return (fields[2] === '?') !== (fields[4] === '?');
}

/** Whatever the runtime's ICU knows, which is what EventBridge Scheduler accepts in practice. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An EventBridge Scheduler cron expression, with or without the `cron(...)` wrapper. */
export const schedulerCron = () =>
  text('is required')
    .transform((value) => value.replace(/^cron\((.*)\)$/, '$1').trim())
    .refine(isSchedulerCron, {
      error:
        'must be an EventBridge Scheduler cron expression: minutes hours day-of-month month day-of-week year, with ? in one day field (e.g. "0 6 ? * MON *")',
    });

/** An IANA time zone name. */
export const timeZone = () =>
  text('must be an IANA time zone').refine(isTimeZone, {
    error: 'must be an IANA time zone such as Europe/Berlin or UTC',
  });

/** A DNS domain name, lower-cased. */
export const domainName = () =>
  text('must be a domain name').pipe(
    z
      .string()
      .toLowerCase()
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
        error: 'must be a domain name',
      }),
  );

/** An IAM role, user, assumed-role or account-root ARN (what a role trust policy can name). */
export const principalArn = () =>
  text('must be an IAM principal ARN').pipe(
    z
      .string()
      .regex(
        /^arn:aws[a-z-]*:(iam::\d{12}:(root|(role|user)\/[\w+=,.@/-]+)|sts::\d{12}:assumed-role\/[\w+=,.@/-]+)$/,
        { error: 'every entry must be an IAM role, user or account-root ARN' },
      ),
  );

/** A CloudWatch Logs retention value, in days. */
export const logRetentionDays = () =>
  wholeNumber(1, 3653).refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    error: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
  });

/** 1 to 50 email addresses (the SES per-message limit), as a JSON list or `a@x,b@y`. */
export const recipientList = () =>
  list(emailAddress(), 'must list at least one email address').pipe(
    z
      .array(z.string())
      .min(1, { error: 'must list at least one email address' })
      .max(50, { error: 'must list at most 50 addresses' }),
  );

/**
 * Access review campaign settings (docs/access-review-campaigns.md): a JSON object, or its text
 * from `-c`. Validated by the function's own schema, so synth refuses what the function would.
 */
export const campaignSettingsObject = () => z.preprocess(jsonFromContext, campaignSettingsSchema);

/**
 * A structured setting as CDK context gives it (`-c key='{…}'` is text) or as a config file holds
 * it: text is parsed as JSON, blank text is unset, and text that is not JSON stays text for the
 * schema to refuse by name.
 */
export function jsonFromContext(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Whether `pem` is an ECDSA P-256 public key (what attestations are signed with). */
function isP256PublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/** A PEM `PUBLIC KEY` of an ECDSA P-256 key. */
export const p256PublicKeyPem = () =>
  z.string({ error: 'every entry must be a PEM public key' }).refine(isP256PublicKey, {
    error: 'every entry must be an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)',
  });
