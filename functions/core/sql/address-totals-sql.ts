import type { QueryDefinition } from '../query-definition.js';
import { UNKNOWN } from './compile-query.js';
import { REPORT_TENANT } from './field-sql.js';
import { sqlIdentifier as id, sqlText } from './sql-literal.js';

/**
 * The statement behind `AddressTotals`, over the result of a group query's own statement
 * (`tableSql`): per address (the `unknown` group left out), its count summed over the table's rows
 * and the countries it was seen in; then the number of addresses, their median, and the addresses
 * with at least `$1` — one row per such address, or one row with NULL address when there is none.
 * With `tenant`, the same per `report_tenant` (first column). `undefined` when the query has no
 * address or count column.
 */
export function addressTotalsSql(
  query: QueryDefinition,
  tableSql: string,
  tenant: boolean,
): string | undefined {
  const spec = query.aggregation;
  if (spec.kind !== 'group') return undefined;
  const address = spec.groupBy.find((g) => g.field === 'remoteAddress')?.column;
  if (!address) return undefined;
  const geo = spec.groupBy.find((g) => g.field === 'geo')?.column;
  const key = tenant ? [id(REPORT_TENANT)] : [];
  const geos = geo ? `to_json(list(DISTINCT ${id(geo)}))::VARCHAR` : `'[]'`;
  const by = [...key, 'address'];
  return [
    `WITH result_table AS (\n${tableSql}\n),`,
    `per_address AS (SELECT ${[...key, `${id(address)} AS address`, `sum(${id(spec.count)}) AS n`, `${geos} AS geos`].join(', ')}`,
    `  FROM result_table WHERE ${id(address)} <> ${sqlText(UNKNOWN)} GROUP BY ${by.map((_, i) => i + 1).join(', ')}),`,
    `stats AS (SELECT ${[...key, 'count(*) AS addresses', 'median(n) AS typical'].join(', ')} FROM per_address${tenant ? ' GROUP BY 1' : ''}),`,
    `heavy AS (SELECT * FROM per_address WHERE n >= $1)`,
    `SELECT ${[...key.map((k) => `s.${k}`), 's.addresses', 's.typical', 'h.address', 'h.n', 'h.geos'].join(', ')}`,
    `FROM stats AS s LEFT JOIN heavy AS h ON ${tenant ? `h.${id(REPORT_TENANT)} = s.${id(REPORT_TENANT)}` : 'true'}`,
  ].join('\n');
}
