import type { QueryResult } from '../report/report-model.js';

/** Where a field's values are in a result's table: the column a group or row aggregation gave it. */
function columnOf(result: QueryResult, field: string): string | undefined {
  const { aggregation } = result.query;
  if (field === '#count')
    return aggregation.kind === 'group' || aggregation.kind === 'series' ? aggregation.count : undefined;
  if (field.startsWith('#distinct:')) {
    const of = field.slice('#distinct:'.length);
    return aggregation.kind === 'group'
      ? aggregation.distinct.find((d) => d.field === of)?.column
      : undefined;
  }
  if (aggregation.kind === 'group') return aggregation.groupBy.find((g) => g.field === field)?.column;
  if (aggregation.kind === 'rows') return aggregation.columns.find((c) => c.field === field)?.column;
  return undefined;
}

/**
 * A result's rows as records keyed by the names in `fields` (name → audit field, `#count` for a
 * group's count, `#distinct:<field>` for a group's distinct count), read through the query's own column mapping so a renamed column still works.
 * `undefined` when the query lacks one of the fields: the caller says the rule cannot be evaluated.
 */
export function readResultRows<K extends string>(
  result: QueryResult,
  fields: Record<K, string>,
): Array<Record<K, string>> | undefined {
  const indexes = {} as Record<K, number>;
  for (const [name, field] of Object.entries(fields) as Array<[K, string]>) {
    const column = columnOf(result, field);
    const index = column === undefined ? -1 : result.table.columns.indexOf(column);
    if (index < 0) return undefined;
    indexes[name] = index;
  }
  return result.table.rows.map((row) => {
    const out = {} as Record<K, string>;
    for (const name of Object.keys(indexes) as K[]) out[name] = String(row[indexes[name]] ?? '');
    return out;
  });
}
