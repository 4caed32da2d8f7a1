import type { QueryDefinition } from '../../catalog/query-definition.js';
import { UNKNOWN } from '../compile-query.js';
import { REPORT_TENANT } from '../field-sql.js';
import { sqlIdentifier as id, sqlInteger, sqlText } from '../sql-literal.js';
import { trinoFromClause } from './compile-trino-query.js';
import { fieldTextTrino } from './trino-field-sql.js';
import { type TrinoRelations, trinoWith } from './trino-relations.js';

/*
 * The address totals the address-spike finding reads (address-totals-sql.ts), in Trino: the same
 * rows, read by the same schema (`addressTotalsRowSchema`). Trino has no exact median, so the
 * middle address (or the mean of the middle two) is found by rank; `geos` is sorted, and the rows
 * come ordered by tenant and address, where DuckDB's order is its own (the finding sorts both).
 */

/**
 * The Trino statement behind `AddressTotals` for a group query with an address column, or
 * `undefined` when it has none. `minimum` (the rule's, a count) is written as an integer literal:
 * it comes from the deploy configuration, never from audit data.
 */
export function addressTotalsTrino(
  query: QueryDefinition,
  tenant: boolean,
  relations: TrinoRelations,
  minimum: number,
): string | undefined {
  const spec = query.aggregation;
  if (spec.kind !== 'group' || !spec.groupBy.some((g) => g.field === 'remoteAddress')) return undefined;
  const scope = { tenant };
  const shown = (field: string) =>
    `coalesce(nullif(${fieldTextTrino(field, scope)}, ''), ${sqlText(UNKNOWN)})`;
  const hasGeo = spec.groupBy.some((g) => g.field === 'geo');
  const t = tenant ? [id(REPORT_TENANT)] : [];
  const keys = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');
  const on = (a: string, b: string) =>
    [...t.map((k) => `${a}.${k} = ${b}.${k}`), `${a}.address = ${b}.address`].join(' AND ');
  const ctes = [
    `seen AS (SELECT ${[...t, `${shown('remoteAddress')} AS address`, `${hasGeo ? shown('geo') : "''"} AS geo`].join(', ')}\n  ${trinoFromClause(query, scope)})`,
    `per_address AS (SELECT ${[...t, 'address', 'count(*) AS n'].join(', ')} FROM seen GROUP BY ${keys(t.length + 1)})`,
    `ranked AS (SELECT *, row_number() OVER (${tenant ? `PARTITION BY ${t[0]} ` : ''}ORDER BY n) AS rank__, count(*) OVER (${tenant ? `PARTITION BY ${t[0]}` : ''}) AS of__
  FROM per_address WHERE address <> ${sqlText(UNKNOWN)})`,
    // The median: the middle rank, or the mean of the two middle ranks (no division: rank * 2).
    `stats AS (SELECT ${[...t, 'count(*) AS addresses', 'avg(CASE WHEN rank__ * 2 IN (of__, of__ + 1, of__ + 2) THEN CAST(n AS DOUBLE) END) AS typical'].join(', ')}
  FROM ranked${tenant ? ' GROUP BY 1' : ''})`,
    `heavy AS (SELECT * FROM ranked WHERE n >= ${sqlInteger(Math.max(0, Math.ceil(minimum)))})`,
    `heavy_geos AS (SELECT ${[...t.map((k) => `s.${k}`), 's.address', `${hasGeo ? 'json_format(CAST(array_sort(array_agg(DISTINCT s.geo)) AS JSON))' : `'[]'`} AS geos`].join(', ')}
  FROM seen AS s JOIN heavy AS h ON ${on('s', 'h')}
  GROUP BY ${keys(t.length + 1)})`,
  ];
  const body = [
    `SELECT ${[...t.map((k) => `s.${k}`), 's.addresses', 's.typical', 'h.address', 'h.n', 'g.geos'].join(', ')}`,
    `FROM stats AS s LEFT JOIN heavy AS h ON ${tenant ? `h.${t[0]} = s.${t[0]}` : 'true'}`,
    `LEFT JOIN heavy_geos AS g ON ${on('g', 'h')}`,
    `ORDER BY ${[...t.map((k) => `s.${k}`), 'h.address'].join(', ')}`,
  ].join('\n');
  return trinoWith(relations, scope, ctes, body);
}
