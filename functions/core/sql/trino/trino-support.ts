import type { QueryDefinition } from '../../catalog/query-definition.js';
import type { FieldScope } from '../field-sql.js';
import { fieldsRead } from '../query-relation-sql.js';
import { unsupportedFieldTrino } from './trino-field-sql.js';

/** Whether the Trino dialect emits a query, and why not. */
export type TrinoSupport = { ok: true } | { ok: false; reason: string };

/**
 * Which queries have a Trino statement: every group, series and plain rows query; a custom
 * statement that declares `athena` among its engines (project report only, as on DuckDB). Not
 * (yet): the role-change expansions and a tenant's view of change details, whose JSON rewriting
 * is emitted for DuckDB only — a run on Athena computes those over their own (small) collection.
 */
export function trinoSupport(query: QueryDefinition, scope: FieldScope): TrinoSupport {
  const spec = query.aggregation;
  if (spec.kind === 'sql') {
    if (scope.tenant) return { ok: false, reason: 'a statement written in SQL has no tenant statement' };
    return spec.engines.includes('athena')
      ? { ok: true }
      : { ok: false, reason: 'its SQL declares only the duckdb engine (engines)' };
  }
  if (spec.kind === 'rows' && spec.expand && scope.tenant)
    return { ok: false, reason: `a tenant's ${spec.expand} expansion is emitted for DuckDB only` };
  for (const field of fieldsRead(query)) {
    const refused = unsupportedFieldTrino(field, scope);
    if (refused) return { ok: false, reason: refused };
  }
  return { ok: true };
}
