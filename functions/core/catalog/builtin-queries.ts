import { ADMINISTRATION_QUERIES } from './administration-queries.js';
import { LOGIN_QUERIES } from './login-queries.js';
import { type QueryDefinition, queryDefinitionSchema } from './query-definition.js';

/**
 * The queries every report runs unless configuration disables them, in report order. They share
 * four searches (`login-failures`, `impersonations`, `role-changes`, `administration`), which keeps
 * a run within Descope's 10 searches a minute.
 */
export const BUILTIN_QUERIES: readonly QueryDefinition[] = [...LOGIN_QUERIES, ...ADMINISTRATION_QUERIES].map(
  (q) => queryDefinitionSchema.parse(q),
);

/** Built-in queries the findings read (a finding is "not evaluated" when its query is disabled). */
export const FINDING_QUERIES = {
  failedByGeo: 'failed-logins-by-geo',
  failedByIp: 'failed-logins-by-ip',
  roleGrants: 'role-grants',
  roleChangesNotUnderstood: 'role-changes-not-understood',
  impersonations: 'impersonations',
  /** Read by the access review, to explain key grants. */
  accessKeys: 'access-keys',
} as const;

/**
 * How a rule reads its query's table: row by row (`rows`: the run holds the table's rows, up to a
 * limit), or only the per-address totals the engine computes over the whole table (`address-totals`).
 */
export type FindingRead = 'rows' | 'address-totals';

/**
 * What the findings and the access review read of each query they name (they find their queries by
 * id, so a custom query given a disabled built-in's id is read the same way). The engine serves
 * these from the declaration alone: it never asks which query it is computing.
 */
export const FINDING_READS: ReadonlyMap<string, FindingRead> = new Map<string, FindingRead>([
  [FINDING_QUERIES.failedByGeo, 'rows'],
  [FINDING_QUERIES.failedByIp, 'address-totals'],
  [FINDING_QUERIES.roleGrants, 'rows'],
  [FINDING_QUERIES.roleChangesNotUnderstood, 'rows'],
  [FINDING_QUERIES.impersonations, 'rows'],
  [FINDING_QUERIES.accessKeys, 'rows'],
]);
