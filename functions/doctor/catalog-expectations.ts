import type { QueryDefinition } from '../core/query-definition.js';

/**
 * The `data.Change` keys the role-change reader looks at, per expansion. Kept beside the doctor so
 * it can say which keys a report reads; the reader is `core/aggregation/role-changes.ts`.
 */
export const ROLE_CHANGE_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['roleGrants', ['Change.added_roles', 'Change.added_multi_tenant_roles']],
  ['roleRevocations', ['Change.removed_roles', 'Change.removed_multi_tenant_roles']],
]);

/** The `data` paths (without `data.`) each query reads, per action it reads them for. */
export type Expectations = Map<string, Map<string, string[]>>;

const dataPath = (field: string) => (field.startsWith('data.') ? [field.slice('data.'.length)] : []);

function fieldsOf(query: QueryDefinition): string[] {
  const a = query.aggregation;
  const fields = query.where.map((w) => w.field);
  if (a.kind === 'group') fields.push(...a.groupBy.map((g) => g.field), ...a.distinct.map((d) => d.field));
  if (a.kind === 'rows') fields.push(...a.columns.map((c) => c.field));
  const paths = fields.flatMap(dataPath);
  if (a.kind === 'rows' && a.expand) paths.push(...(ROLE_CHANGE_KEYS.get(a.expand) ?? []));
  return [...new Set(paths)];
}

/** The actions a query reads: its `where` on `action`, else its filter's actions. */
function actionsOf(query: QueryDefinition): string[] {
  const where = query.where.find((w) => w.field === 'action' && w.in);
  return where?.in ?? query.filter.actions ?? [];
}

/** Action → query id → the data paths that query reads from records of that action. */
export function catalogExpectations(queries: readonly QueryDefinition[]): Expectations {
  const expectations: Expectations = new Map();
  for (const query of queries) {
    const paths = fieldsOf(query);
    for (const action of actionsOf(query)) {
      const byQuery = expectations.get(action) ?? new Map<string, string[]>();
      byQuery.set(query.id, paths);
      expectations.set(action, byQuery);
    }
  }
  return expectations;
}
