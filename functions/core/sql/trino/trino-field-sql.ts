import { type FieldScope, fieldText, fieldValues, isChangeDetail } from '../field-sql.js';
import { TRINO_DIALECT } from './trino-dialect.js';

/*
 * The catalog's fields in Trino (Athena engine v3) SQL: the one field walk of field-sql.ts in the
 * Trino dialect (trino-dialect.ts), giving the same text DuckDB gives: lists joined by `; `,
 * objects as JSON, missing values as ''. Over a `records` relation whose `data` is JSON text.
 */

export { jsonKind, occurredIsoTrino } from './trino-dialect.js';

/** A UTC day (epoch milliseconds at midnight) as `YYYY-MM-DD`. */
export const dayTextTrino = (dayMs: string): string =>
  `date_format(from_unixtime(${dayMs} / 1000, 'UTC'), '%Y-%m-%d')`;

/** Why a field has no Trino form yet (a tenant's view of change details), or undefined. */
export function unsupportedFieldTrino(path: string, scope: FieldScope): string | undefined {
  return scope.tenant && isChangeDetail(path)
    ? `${path} in a tenant's report needs the tenant's view of change details, which only the DuckDB dialect emits`
    : undefined;
}

/** The Trino text of a field, as the report's tables show it. */
export function fieldTextTrino(path: string, scope: FieldScope): string {
  const refused = unsupportedFieldTrino(path, scope);
  if (refused) throw new Error(refused);
  return fieldText(path, scope, TRINO_DIALECT);
}

/** The values a condition compares (each element of a list, else the value's text), as `ARRAY(VARCHAR)`. */
export function fieldValuesTrino(path: string, scope: FieldScope): { list: string } | { text: string } {
  const refused = unsupportedFieldTrino(path, scope);
  if (refused) throw new Error(refused);
  return fieldValues(path, scope, TRINO_DIALECT);
}
