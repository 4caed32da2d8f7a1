import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startOfIsoWeek, WEEK_MS } from '../../core/period/period.js';

const wholeNumber = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const optionsSchema = z.object({
  port: wholeNumber(0),
  projectId: z
    .string()
    .regex(/^[A-Za-z0-9]{8,}$/, 'must be letters and digits (8+)')
    .default('P2standinProject'),
  managementKey: z.string().min(1).default('standin-management-key'),
  rateLimitRequests: z.coerce.number().int().positive().default(10),
  rateLimitWindowMs: z.coerce.number().int().positive().default(60_000),
  maxResultWindow: z.coerce.number().int().positive().default(10_000),
  retentionDays: z.coerce.number().int().positive().default(30),
  dataset: z
    .string()
    .regex(
      /^(demo|(synthetic|stuffing|tenants):\d+)$/,
      'must be "demo", "synthetic:<count>", "stuffing:<count>" or "tenants:<count>"',
    )
    .default('demo'),
  seed: wholeNumber(1),
  totalCap: z.coerce.number().int().nonnegative().optional(),
  pageSizeCap: z.coerce.number().int().positive().optional(),
  omitIds: z.enum(['true', 'false']).optional(),
  omitEmptyFields: z.enum(['true', 'false']).optional(),
  ignoreOldestFirst: z.enum(['true', 'false']).optional(),
  /** ISO date or epoch ms; pins the clock the data and the retention bound use. */
  now: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isNaN(time)) {
        ctx.addIssue({ code: 'custom', message: `must be an ISO date or epoch ms, got "${value}"` });
        return z.NEVER;
      }
      return time;
    }),
});

/** Settings of the stand-in when run as its own process. */
export type StandInProcessOptions = z.output<typeof optionsSchema> & {
  /**
   * For `synthetic:<count>`, `stuffing:<count>` (distinct login IDs and addresses) or
   * `tenants:<count>` (each record in a tenant of its own): the records and the ISO week before
   * `now` they fill.
   */
  synthetic?: {
    count: number;
    window: { from: number; to: number };
    distinct: boolean;
    tenantPerRecord: boolean;
  };
};

const FLAGS = {
  port: 'DESCOPE_STANDIN_PORT',
  'project-id': 'DESCOPE_PROJECT_ID',
  'management-key': 'DESCOPE_MANAGEMENT_KEY',
  'rate-limit-requests': 'DESCOPE_STANDIN_RATE_LIMIT_REQUESTS',
  'rate-limit-window-ms': 'DESCOPE_STANDIN_RATE_LIMIT_WINDOW_MS',
  'max-result-window': 'DESCOPE_STANDIN_MAX_RESULT_WINDOW',
  'retention-days': 'DESCOPE_STANDIN_RETENTION_DAYS',
  dataset: 'DESCOPE_STANDIN_DATASET',
  seed: 'DESCOPE_STANDIN_SEED',
  'total-cap': 'DESCOPE_STANDIN_TOTAL_CAP',
  'page-size-cap': 'DESCOPE_STANDIN_PAGE_SIZE_CAP',
  'omit-ids': 'DESCOPE_STANDIN_OMIT_IDS',
  'omit-empty-fields': 'DESCOPE_STANDIN_OMIT_EMPTY_FIELDS',
  'ignore-oldest-first': 'DESCOPE_STANDIN_IGNORE_OLDEST_FIRST',
  now: 'DESCOPE_STANDIN_NOW',
} as const;

/**
 * Reads `--flag value` arguments, falling back to the matching environment variable, then defaults.
 * Throws a message naming the bad setting.
 */
export function parseStandInProcessOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): StandInProcessOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    strict: true,
  });
  const raw = Object.fromEntries(
    Object.entries(FLAGS).map(([flag, variable]) => {
      const camel = flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      const value = values[flag] ?? env[variable];
      return [camel, typeof value === 'string' && value !== '' ? value : undefined];
    }),
  );
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid stand-in options: ${detail}`);
  }
  const options = parsed.data;
  const [kind, size] = options.dataset.split(':');
  if (size === undefined) return options;
  const from = startOfIsoWeek(options.now ?? Date.now()) - WEEK_MS;
  const synthetic = {
    count: Number(size),
    window: { from, to: from + WEEK_MS },
    distinct: kind === 'stuffing',
    tenantPerRecord: kind === 'tenants',
  };
  return { ...options, synthetic };
}
