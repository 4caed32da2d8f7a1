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
} as const;
