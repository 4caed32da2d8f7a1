import type { QueryDefinition } from '../core/catalog/query-definition.js';
import { DERIVED_FIELD_SOURCES } from '../core/records/field-path.js';
import { ROLE_CHANGE_KEYS } from '../core/records/role-change-keys.js';

const changePaths = (keys: { project: string; tenant: string }) => [
  `Change.${keys.project}`,
  `Change.${keys.tenant}`,
];

/**
 * The `data.Change` paths each expansion reads, from the role-change reader's own key list
 * (`core/records/role-change-keys.ts`, read by `core/sql/role-change-rows.ts`). The not-understood
 * listing reads every role key, none in particular.
 */
const EXPANSION_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['roleGrants', changePaths(ROLE_CHANGE_KEYS.added)],
  ['roleRevocations', changePaths(ROLE_CHANGE_KEYS.removed)],
]);

/** The `data` paths (without `data.`) each query reads, per action it reads them for. */
export type Expectations = Map<string, Map<string, string[]>>;

const dataPath = (field: string): readonly string[] =>
  field.startsWith('data.') ? [field.slice('data.'.length)] : (DERIVED_FIELD_SOURCES.get(field) ?? []);

function fieldsOf(query: QueryDefinition): string[] {
  const a = query.aggregation;
  const fields = query.where.map((w) => w.field);
  if (a.kind === 'group') fields.push(...a.groupBy.map((g) => g.field), ...a.distinct.map((d) => d.field));
  if (a.kind === 'rows') fields.push(...a.columns.map((c) => c.field));
  const paths = fields.flatMap(dataPath);
  if (a.kind === 'rows' && a.expand) paths.push(...(EXPANSION_PATHS.get(a.expand) ?? []));
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
