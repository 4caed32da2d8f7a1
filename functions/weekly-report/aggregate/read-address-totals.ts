import { z } from 'zod';
import type { EvidenceDatabase } from '../../adapters/duckdb-query-engine.js';
import type { QueryDefinition } from '../../core/catalog/query-definition.js';
import type { AddressTotals } from '../../core/findings/address-totals.js';
import { readsAddressTotals } from '../../core/report/rows-held.js';
import {
  type AddressTotalsRow,
  addressTotalsRowSchema,
  addressTotalsSql,
} from '../../core/sql/address-totals-sql.js';
import { REPORT_TENANT } from '../../core/sql/field-sql.js';

const countries = z.array(z.string());

/**
 * Per-address totals of a query the findings read that way (`FINDING_READS`), per tenant with
 * `tenant`: a lookup by tenant ('' for the project) that gives a scope without addresses empty
 * totals. `undefined` when the report does not read the query's totals, or it has no address column.
 */
export async function readAddressTotals(
  db: EvidenceDatabase,
  query: QueryDefinition,
  tenant: boolean,
  minimum: number,
): Promise<((key: string) => AddressTotals) | undefined> {
  if (!readsAddressTotals(query)) return undefined;
  const sql = addressTotalsSql(query, tenant);
  if (!sql) return undefined;
  return totalsByScope(await db.query(sql, addressTotalsRowSchema, [minimum]));
}

/** The totals rows (whichever engine computed them) as a lookup by tenant ('' for the project). */
export function totalsByScope(rows: readonly AddressTotalsRow[]): (key: string) => AddressTotals {
  const totals = new Map<string, AddressTotals>();
  for (const row of rows) {
    const key = row[REPORT_TENANT] ?? '';
    const entry = totals.get(key) ?? { addresses: row.addresses, median: row.typical ?? 0, heavy: [] };
    if (row.address !== null) {
      entry.heavy.push({
        address: row.address,
        count: row.n ?? 0,
        geos: countries.parse(JSON.parse(row.geos ?? '[]')),
      });
    }
    totals.set(key, entry);
  }
  return (key) => totals.get(key) ?? { addresses: 0, median: 0, heavy: [] };
}
