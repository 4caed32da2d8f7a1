import { z } from 'zod';
import type { SqlLimits } from '../sql/sql-limits.js';
import { sqlLimitsSchema } from '../sql/sql-limits-schema.js';
import { BUILTIN_QUERIES } from './builtin-queries.js';
import { type QueryDefinition, queryDefinitionSchema, sqlQueryDefinitionSchema } from './query-definition.js';
import { planCollections } from './query-plan.js';
import { STREAM_QUERIES, streamSqlQueries } from './stream-queries.js';
import { isSafeTenantId, TENANT_ID_RULE } from './tenant-id.js';

const tenantId = z.string().refine(isSafeTenantId, `tenant IDs must be ${TENANT_ID_RULE}`);
const recipientList = z.array(z.email('must be an email address')).min(1);

/**
 * Tenant ID → recipients, read into a `Map`. Tenant IDs are data: `__proto__` and `constructor` are
 * valid IDs, so the JSON object is walked with `Object.entries` (zod's record type drops a
 * `__proto__` key silently, and a plain-object lookup would find `Object.prototype` members).
 */
const recipientLists = z.unknown().transform((value, ctx): ReadonlyMap<string, string[]> => {
  const lists = new Map<string, string[]>();
  if (value === undefined) return lists;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object of tenant ID → email addresses' });
    return lists;
  }
  for (const [id, list] of Object.entries(value)) {
    if (!isSafeTenantId(id))
      ctx.addIssue({ code: 'custom', path: [id], message: `tenant IDs must be ${TENANT_ID_RULE}` });
    const parsed = recipientList.safeParse(list);
    if (parsed.success) lists.set(id, parsed.data);
    else
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: [id, ...issue.path], message: issue.message });
  }
  return lists;
});

/** Per-tenant reports: same files under `tenants/<tenantId>/`, optionally mailed to the tenant's own recipients. */
const tenantSettingsSchema = z
  .object({
    /** @default false */
    enabled: z.boolean().default(false),
    /** Only these tenants get a report. @default every tenant seen in the period */
    include: z.array(tenantId).min(1).optional(),
    /** Tenant ID → recipients of that tenant's email; tenants not listed get no email. @default {} */
    recipients: recipientLists.optional().transform((lists) => lists ?? new Map<string, string[]>()),
    /** Most tenant reports per run (by tenant ID order); the rest are named in the report. @default 100 */
    maxReports: z.number().int().positive().default(100),
  })
  .strict();

/** What deployers write (`REPORT_QUERIES`, or the file in `REPORT_QUERIES_FILE` for the CLI). */
const catalogConfigSchema = z
  .object({
    /** Built-in query IDs to leave out. @default [] */
    disable: z.array(z.string()).default([]),
    /** Custom queries, in report order after the built-ins (validated one by one, see below). @default [] */
    queries: z.array(z.unknown()).default([]),
    /** Roles whose grant is a finding (case-insensitive). @default ["Tenant Admin"] */
    privilegedRoles: z.array(z.string().trim().min(1)).default(['Tenant Admin']),
    /** How many times its baseline a country's or address's failed logins must be to be a finding. @default 3 */
    anomalyThreshold: z.number().gt(1, 'must be more than 1').default(3),
    /** Failed logins a country or address needs at least before it can be a spike finding. @default 20 */
    anomalyMinimumCount: z.number().int().nonnegative().default(20),
    tenants: tenantSettingsSchema.prefault({}),
    /** Limits each custom SQL query's statement runs under; past one, its table is a gap. */
    sqlLimits: sqlLimitsSchema.prefault({}),
  })
  .strict();

export type TenantSettings = z.output<typeof tenantSettingsSchema>;

/** The resolved catalog a run uses: enabled queries in report order plus the finding and tenant settings. */
export interface ReportCatalog {
  queries: QueryDefinition[];
  privilegedRoles: string[];
  anomalyThreshold: number;
  anomalyMinimumCount: number;
  tenants: TenantSettings;
  /** The limits each custom SQL statement runs under (its check and its run). */
  sqlLimits: SqlLimits;
}

export type CatalogValidation = { ok: true; catalog: ReportCatalog } | { ok: false; problems: string[] };

const segment = (p: PropertyKey, i: number) => {
  if (typeof p === 'number') return `[${p}]`;
  const name = String(p);
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
  return i === 0 ? name : `.${name}`;
};
const where = (path: PropertyKey[]) => (path.length === 0 ? '' : `${path.map(segment).join('')}: `);

const describeIssues = (prefix: string, error: z.ZodError) =>
  error.issues.map((issue) => `${prefix}${where(issue.path)}${issue.message}`);

/**
 * Validates a catalog configuration and resolves it against the built-in queries. Every problem is
 * reported at once, naming the query (index and id) and the field, so a deployer fixes a catalog in
 * one round. A custom query may reuse the id of a built-in only when that built-in is disabled.
 */
export function validateReportCatalog(value: unknown): CatalogValidation {
  const parsed = catalogConfigSchema.safeParse(value ?? {});
  if (!parsed.success) return { ok: false, problems: describeIssues('', parsed.error) };
  const config = parsed.data;
  const problems: string[] = [];
  const builtins = [...BUILTIN_QUERIES, ...streamBuiltins(config.privilegedRoles)];
  const builtinIds = new Set(builtins.map((q) => q.id));
  const disabled = new Set(config.disable);
  config.disable.forEach((id, i) => {
    if (!builtinIds.has(id)) problems.push(`disable[${i}]: "${id}" is not a built-in query id`);
  });

  const custom: QueryDefinition[] = [];
  config.queries.forEach((raw, i) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const label = `queries[${i}]${typeof rawId === 'string' ? ` ("${rawId}")` : ''} `;
    // A query with `sql` is a SQL query; its statement is checked by DuckDB before a run.
    const isSql = raw !== null && typeof raw === 'object' && Object.hasOwn(raw, 'sql');
    const query = isSql ? sqlQueryDefinitionSchema.safeParse(raw) : queryDefinitionSchema.safeParse(raw);
    if (!query.success) {
      problems.push(...describeIssues(label, query.error));
      return;
    }
    if (builtinIds.has(query.data.id) && !disabled.has(query.data.id)) {
      problems.push(`${label}id: a built-in query has this id; disable it or choose another id`);
    } else if (custom.some((q) => q.id === query.data.id)) {
      problems.push(`${label}id: another custom query has this id`);
    }
    custom.push(query.data);
  });

  const { tenants } = config;
  const mailed = [...tenants.recipients.keys()];
  if (!tenants.enabled && mailed.length > 0) {
    problems.push('tenants.recipients: set, but tenants.enabled is false, so no tenant report would be sent');
  }
  for (const id of mailed) {
    if (tenants.include && !tenants.include.includes(id)) {
      problems.push(`tenants.recipients["${id}"]: this tenant is not in tenants.include`);
    }
  }

  const queries = [...builtins.filter((q) => !disabled.has(q.id)), ...custom];
  const collections = new Map<string, string>();
  for (const plan of planCollections(queries)) {
    const other = collections.get(plan.id);
    if (other !== undefined) {
      problems.push(
        `queries: "${plan.id}" names two searches with different filters (${other} and ${plan.queries.map((q) => q.id).join(', ')}); give one a different "collection"`,
      );
    }
    collections.set(plan.id, plan.queries.map((q) => q.id).join(', '));
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    catalog: {
      queries,
      privilegedRoles: config.privilegedRoles,
      anomalyThreshold: config.anomalyThreshold,
      anomalyMinimumCount: config.anomalyMinimumCount,
      tenants: config.tenants,
      sqlLimits: config.sqlLimits,
    },
  };
}

/** The stream-only built-ins (core/catalog/stream-queries.ts), the dormant-account query reading `privilegedRoles`. */
function streamBuiltins(privilegedRoles: readonly string[]): QueryDefinition[] {
  return [
    ...STREAM_QUERIES.map((q) => queryDefinitionSchema.parse(q)),
    ...streamSqlQueries(privilegedRoles).map(({ trinoSql, ...q }) => {
      const query = sqlQueryDefinitionSchema.parse(q);
      return trinoSql === undefined ? query : { ...query, aggregation: { ...query.aggregation, trinoSql } };
    }),
  ];
}

/**
 * The catalog a source can answer: the audit search leaves out the queries that need the stream,
 * and the report names them (`streamOnly`) with the reason.
 */
export function catalogForSource(
  catalog: ReportCatalog,
  source: 'search' | 'stream',
): { catalog: ReportCatalog; streamOnly: Array<{ id: string; title: string }> } {
  if (source === 'stream') return { catalog, streamOnly: [] };
  const streamOnly = catalog.queries.filter((q) => q.requires === 'stream');
  return {
    catalog: { ...catalog, queries: catalog.queries.filter((q) => q.requires !== 'stream') },
    streamOnly: streamOnly.map((q) => ({ id: q.id, title: q.title })),
  };
}

/** The catalog with nothing configured: every built-in query, default settings. */
export function defaultReportCatalog(): ReportCatalog {
  const result = validateReportCatalog({});
  if (!result.ok) throw new Error(`The built-in catalog is invalid: ${result.problems.join('; ')}`);
  return result.catalog;
}
