import { z } from 'zod';
import type { QueryDefinition } from '../catalog/query-definition.js';
import { groupValueSql, UNKNOWN } from './compile-query.js';
import { REPORT_TENANT } from './field-sql.js';
import { fromClause } from './query-relation-sql.js';
import { sqlIdentifier as id, sqlText } from './sql-literal.js';

/**
 * A row of {@link addressTotalsSql}, read by column name: the scope's totals, and one heavy address
 * (`address` NULL when the scope has none); `report_tenant` in the tenants' statement only.
 */
export const addressTotalsRowSchema = z.object({
  [REPORT_TENANT]: z.string().optional(),
  addresses: z.number().int().nonnegative(),
  /** NULL when the scope has no address. */
  typical: z.number().nullable(),
  address: z.string().nullable(),
  n: z.number().int().nullable(),
  /** The address's countries as a JSON list of text. */
  geos: z.string().nullable(),
});
export type AddressTotalsRow = z.output<typeof addressTotalsRowSchema>;

/**
 * The statement behind `AddressTotals` for a group query with an address column, over the records
 * it reads (its `where`): per address, the records — the sum of its rows in the table — with the
 * table's `unknown` group left out; the number of addresses and their median; and each address with
 * at least `$1`, with the countries it was seen in (as the table's geo column shows them). One row
 * per such address, or one row with NULL address when there is none; with `tenant`, the same per
 * `report_tenant` (first column). Only spillable aggregates run over every address, so memory stays
 * within DuckDB's limit at any number of addresses. `undefined` when the query has no address column.
 */
export function addressTotalsSql(query: QueryDefinition, tenant: boolean): string | undefined {
  const spec = query.aggregation;
  if (spec.kind !== 'group' || !spec.groupBy.some((g) => g.field === 'remoteAddress')) return undefined;
  // The records the query reads, its fields read as it reads them (a tenant's view of `data` included).
  const { from, scope } = fromClause(query, { tenant });
  const shown = (field: string) => groupValueSql(field, scope);
  const geo = spec.groupBy.some((g) => g.field === 'geo')
    ? `to_json(list(DISTINCT ${shown('geo')}))::VARCHAR`
    : `'[]'`;
  const key = tenant ? [id(REPORT_TENANT)] : [];
  const keys = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');
  const join = `ON ${tenant ? `g.${id(REPORT_TENANT)} = h.${id(REPORT_TENANT)} AND ` : ''}g.address = h.address`;
  return [
    `WITH per_address AS (SELECT ${[...key, `${shown('remoteAddress')} AS address`, 'count(*) AS n'].join(', ')}`,
    `  ${from}`,
    `  GROUP BY ${keys(key.length + 1)}),`,
    `stats AS (SELECT ${[...key, 'count(*) AS addresses', 'median(n) AS typical'].join(', ')}`,
    `  FROM per_address WHERE address <> ${sqlText(UNKNOWN)}${tenant ? ' GROUP BY 1' : ''}),`,
    `heavy AS (SELECT * FROM per_address WHERE address <> ${sqlText(UNKNOWN)} AND n >= $1),`,
    `heavy_geos AS (SELECT ${[...key, `${shown('remoteAddress')} AS address`, `${geo} AS geos`].join(', ')}`,
    `  ${from}${from.includes('\nWHERE') ? '\n  AND' : '\n  WHERE'} (${[...key, shown('remoteAddress')].join(', ')}) IN (SELECT ${[...key, 'address'].join(', ')} FROM heavy)`,
    `  GROUP BY ${keys(key.length + 1)})`,
    `SELECT ${[...key.map((k) => `s.${k}`), 's.addresses', 's.typical', 'h.address', 'h.n', 'g.geos'].join(', ')}`,
    `FROM stats AS s LEFT JOIN heavy AS h ON ${tenant ? `h.${id(REPORT_TENANT)} = s.${id(REPORT_TENANT)}` : 'true'}`,
    `LEFT JOIN heavy_geos AS g ${join}`,
  ].join('\n');
}
