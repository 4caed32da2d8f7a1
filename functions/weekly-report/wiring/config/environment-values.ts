import { z } from 'zod';
import { parseCampaignSettings } from '../../../core/access/campaign-settings.js';
import { defaultReportCatalog } from '../../../core/catalog/report-catalog.js';
import { channelsSchema } from '../../../core/routing/channel-config.js';
import { parseCatalogText } from '../report-catalog-config.js';

/**
 * The value types of the environment: every variable is a string, read into what the job uses.
 * `.default()` sits before the transform, so a default is the text a variable would hold.
 */

export const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .transform((value, ctx) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a positive whole number, got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

export const flag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .default(String(fallback))
    .pipe(z.enum(['true', 'false'], { message: 'must be true or false' }))
    .transform((value) => value === 'true');

export const email = z
  .string()
  .trim()
  .pipe(z.email({ message: 'must be an email address' }));

export const recipients = z
  .string()
  .trim()
  .min(1, 'must list at least one email address')
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.email({ message: 'every entry must be an email address' })).min(1));

export const url = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }));

/**
 * The report catalog as JSON: `{ disable, queries, privilegedRoles, anomalyThreshold,
 * anomalyMinimumCount, tenants }`. Unset or empty: every built-in query with default settings.
 * Every problem is reported, naming the query and the field.
 */
export const reportCatalog = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return defaultReportCatalog();
    const parsed = parseCatalogText(text);
    if (parsed.ok) return parsed.catalog;
    for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

/** A number of days, given without a default. */
export const days = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a positive whole number of days')
  .transform(Number)
  .pipe(z.number().int().positive('must be a positive whole number of days'));

/** Framework ids, comma-separated (each checked against the known frameworks when they are loaded). */
export const frameworkIds = z
  .string()
  .trim()
  .min(1, 'must list at least one framework id')
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'every entry must be a framework id')).min(1));

/** Powertools log levels (any case); `SILENT` is for tests. */
export const logLevel = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']));

/** The routing channels as JSON (docs/routing.md); unset or empty: no channel. */
export const channelsJson = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of channels' });
      return z.NEVER;
    }
    const parsed = channelsSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: `[${issue.path.join('.')}] ${issue.message}` });
    return z.NEVER;
  });

/** Access review campaign settings as JSON (`ACCESS_CAMPAIGNS`); unset or empty: no campaigns. */
export const campaignSettings = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON (docs/access-review-campaigns.md)' });
      return z.NEVER;
    }
    const parsed = parseCampaignSettings(json);
    if (parsed.ok) return parsed.settings;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  });
