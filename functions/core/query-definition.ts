import { z } from 'zod';

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

/** Count records per group, with distinct counts of other fields. */
export const groupAggregationSchema = z
  .object({
    kind: z.literal('group'),
    groupBy: z.array(z.object({ column, field }).strict()).min(1),
    count: column,
    distinct: z.array(z.object({ column, field }).strict()).default([]),
    /** Adds first_seen / last_seen columns (ISO 8601 UTC). @default true */
    timeRange: z.boolean().default(true),
  })
  .strict();

/** One row per record (or per role change with `expand`), newest last. */
export const rowsAggregationSchema = z
  .object({
    kind: z.literal('rows'),
    expand: z.enum(['roleGrants', 'roleRevocations']).optional(),
    columns: z.array(z.object({ column, field }).strict()).min(1),
  })
  .strict();

export const queryDefinitionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'query ids are kebab-case (they name files)'),
    title: z.string().min(1),
    description: z.string().default(''),
    controls: z.array(z.string().min(1)).default([]),
    filter: auditFilterSchema,
    aggregation: z.discriminatedUnion('kind', [groupAggregationSchema, rowsAggregationSchema]),
    /** Label of the query's headline number (records for `group`, rows for `rows`). @default title */
    headline: z.string().min(1).optional(),
    /** Rows shown in the HTML report before pointing to the CSV. @default 25 */
    htmlRowLimit: z.number().int().positive().default(25),
  })
  .strict();

export type QueryDefinition = z.output<typeof queryDefinitionSchema>;
export type QueryDefinitionInput = z.input<typeof queryDefinitionSchema>;
export type GroupAggregation = z.output<typeof groupAggregationSchema>;
export type RowsAggregation = z.output<typeof rowsAggregationSchema>;
