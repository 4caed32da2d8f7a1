import { z } from 'zod';
import { isReservedName, reservedNameMessage } from './reserved-names.js';

const names = z.array(z.string().min(1)).min(1);

/** Server-side audit-search filter of a query (Descope search fields). */
export const auditFilterSchema = z
  .object({
    actions: names.optional(),
    excludedActions: names.optional(),
    userIds: names.optional(),
    loginIds: names.optional(),
    actorIds: names.optional(),
    devices: z
      .array(z.enum(['Bot', 'Mobile', 'Desktop', 'Tablet', 'Unknown']))
      .min(1)
      .optional(),
    methods: names.optional(),
    geos: names.optional(),
    remoteAddresses: names.optional(),
    tenants: names.optional(),
    noTenants: z.boolean().optional(),
    text: z.string().min(1).optional(),
  })
  .strict();

const column = z.string().regex(/^[a-z][a-z0-9_]*$/, 'column names are snake_case');
const field = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/, 'a field name or data.path');
const kebab = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be kebab-case (it names files)');
/** A query or collection id: kebab-case and none of the report's own file names. */
const fileId = kebab.refine((id) => !isReservedName(id), {
  error: (issue) => reservedNameMessage(String(issue.input)),
});

/**
 * A condition checked on each collected record, after the search: `field` must (`in`) or must not
 * (`notIn`) hold one of the values. A list field (`loginIds`, `tenants`) matches when any element does.
 * Lets several queries share one search (one filter) and each keep only its records.
 */
export const recordConditionSchema = z
  .object({
    field,
    in: names.optional(),
    notIn: names.optional(),
  })
  .strict()
  .refine((c) => (c.in === undefined) !== (c.notIn === undefined), 'give exactly one of "in" or "notIn"');

/** Count records per group, with distinct counts of other fields. */
export const groupAggregationSchema = z
  .object({
    kind: z.literal('group'),
    groupBy: z.array(z.object({ column, field }).strict()).min(1),
    count: column,
    distinct: z.array(z.object({ column, field }).strict()).default([]),
    /** Adds first_seen / last_seen columns (ISO 8601 UTC). @default true */
    timeRange: z.boolean().default(true),
    /** Groups shown in the HTML report and its chart; the CSV keeps every group. @default htmlRowLimit */
    top: z.number().int().positive().optional(),
    /** Draws the top groups as a horizontal bar chart (first group column against the count). @default false */
    chart: z.boolean().default(false),
  })
  .strict();

/**
 * One row per record, newest last; with `expand`, one row per role granted (`roleGrants`), revoked
 * (`roleRevocations`) or per change key naming roles that could not be read (`roleChangesNotUnderstood`).
 */
export const rowsAggregationSchema = z
  .object({
    kind: z.literal('rows'),
    expand: z.enum(['roleGrants', 'roleRevocations', 'roleChangesNotUnderstood']).optional(),
    columns: z.array(z.object({ column, field }).strict()).min(1),
  })
  .strict();

/** Records per UTC day of the period, days without records included as 0; drawn as a column chart. */
export const seriesAggregationSchema = z
  .object({
    kind: z.literal('series'),
    bucket: z.literal('day').default('day'),
    /** Column of the day (`YYYY-MM-DD`). @default "day" */
    column: column.default('day'),
    count: column,
  })
  .strict();

/**
 * Queries that need Descope's audit stream (every successful login, history past 30 days). A
 * report read through the audit search leaves them out and says why.
 */
const streamOnlyFields = {
  /** `stream`: only a report read from the audit stream runs the query. @default any source */
  requires: z.literal('stream').optional(),
  /**
   * Days before the period's end the query's records reach back (stream only): its collection
   * holds those days' events, not only the period's. @default the period
   */
  lookbackDays: z.number().int().positive().max(400).optional(),
};

const lookbackNeedsStream = (q: { lookbackDays?: number; requires?: 'stream' }) =>
  q.lookbackDays === undefined || q.requires === 'stream';
const lookbackProblem = { message: 'lookbackDays needs "requires": "stream"', path: ['lookbackDays'] };

export const queryDefinitionSchema = z
  .object({
    id: fileId,
    title: z.string().min(1),
    description: z.string().default(''),
    controls: z.array(z.string().min(1)).default([]),
    filter: auditFilterSchema,
    /** Conditions on each record of the search (AND). @default [] */
    where: z.array(recordConditionSchema).default([]),
    /**
     * Name of the search's evidence file when several queries share one filter.
     * @default the id of the first query with that filter
     */
    collection: fileId.optional(),
    aggregation: z.discriminatedUnion('kind', [
      groupAggregationSchema,
      rowsAggregationSchema,
      seriesAggregationSchema,
    ]),
    /**
     * Label of the query's headline tile (records for `group` and `series`, rows for `rows`).
     * Queries without one get a section but no tile.
     */
    headline: z.string().min(1).optional(),
    /** Rows shown in the HTML report before pointing to the CSV. @default 25 */
    htmlRowLimit: z.number().int().positive().default(25),
    ...streamOnlyFields,
  })
  .strict()
  .refine(lookbackNeedsStream, lookbackProblem);

/**
 * A custom query written in SQL: one read-only `SELECT` over the `records` relation (see
 * core/sql/evidence-relation.ts), checked by DuckDB itself before a run (weekly-report/check-catalog-sql.ts).
 * Its table is exactly the statement's result, in its own `ORDER BY`; it appears in the project's
 * report only, never in a tenant's (a statement cannot be proven to keep to one tenant).
 */
export const sqlQueryDefinitionSchema = z
  .object({
    id: fileId,
    title: z.string().min(1),
    description: z.string().default(''),
    controls: z.array(z.string().min(1)).default([]),
    /** The statement; a trailing `;` is dropped (it is embedded in `COPY (…)` in queries.sql). */
    sql: z
      .string()
      .transform((text) => text.replace(/[\s;]+$/, '').replace(/^\s+/, ''))
      .pipe(z.string().min(1, 'must hold a SELECT statement')),
    /**
     * Engines the statement is written for: `duckdb` always (queries.sql is re-run with DuckDB),
     * `athena` when it is written in the subset Trino runs too (a run on Athena then runs it as is).
     * @default ["duckdb"]
     */
    engines: z
      .array(z.enum(['duckdb', 'athena']))
      .default(['duckdb'])
      .refine((e) => e.includes('duckdb'), 'must include "duckdb" (queries.sql is re-run with DuckDB)'),
    /** Which events are collected for it. @default {} (every audit event of the period) */
    filter: auditFilterSchema.default({}),
    collection: fileId.optional(),
    /** Label of the query's headline tile, which shows the statement's row count. */
    headline: z.string().min(1).optional(),
    /** @default 25 */
    htmlRowLimit: z.number().int().positive().default(25),
    ...streamOnlyFields,
  })
  .strict()
  .refine(lookbackNeedsStream, lookbackProblem)
  .transform(({ sql, engines, ...query }) => ({
    ...query,
    where: [] as RecordCondition[],
    aggregation: { kind: 'sql' as const, sql, engines: [...new Set(engines)] } as SqlStatement,
  }));

/** A statement written in SQL, as the catalog holds it. */
interface SqlStatement {
  kind: 'sql';
  /** The statement as written (DuckDB runs it; for `athena`, Athena too unless `trinoSql` is set). */
  sql: string;
  engines: Array<'duckdb' | 'athena'>;
  /**
   * Built-ins only, never read from a catalog: the same query's Trino statement, written from the
   * same definition where the engines spell a function differently (core/catalog/stream-queries.ts).
   */
  trinoSql?: string;
}

export type QueryDefinition =
  | z.output<typeof queryDefinitionSchema>
  | z.output<typeof sqlQueryDefinitionSchema>;
export type QueryDefinitionInput = z.input<typeof queryDefinitionSchema>;
export type SqlAggregation = z.output<typeof sqlQueryDefinitionSchema>['aggregation'];
export type RecordCondition = z.output<typeof recordConditionSchema>;
export type GroupAggregation = z.output<typeof groupAggregationSchema>;
export type RowsAggregation = z.output<typeof rowsAggregationSchema>;
export type SeriesAggregation = z.output<typeof seriesAggregationSchema>;
