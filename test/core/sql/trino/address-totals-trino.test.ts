import { describe, expect, it } from 'vitest';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../../functions/core/records/audit-record.js';
import {
  type AddressTotalsRow,
  addressTotalsRowSchema,
  addressTotalsSql,
} from '../../../../functions/core/sql/address-totals-sql.js';
import { addressTotalsTrino } from '../../../../functions/core/sql/trino/address-totals-trino.js';
import { trinoOnDuckDb } from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import { generateDemoWeek } from '../../../../functions/local/descope-api/demo-audit-data.js';
import { generateSyntheticFailedLogins } from '../../../../functions/local/descope-api/synthetic-failed-logins.js';
import { propertyRuns } from '../../../support/assurance.js';
import { hostileWeeks } from '../hostile-weeks.js';
import { addressQueries } from './address-queries.js';
import { demoCatalogQueries, openBothDialects, TRINO_TEST_RECORDS } from './both-dialects.js';

const week = parseIsoWeek('2026-W47');

/** Rows as the finding reads them: per scope key, the totals and the heavy addresses with sorted countries. */
function totalsOf(rows: readonly AddressTotalsRow[]) {
  const byKey = new Map<string, { addresses: number; median: number; heavy: string[] }>();
  for (const row of rows) {
    const key = row.report_tenant ?? '';
    const entry = byKey.get(key) ?? { addresses: row.addresses, median: row.typical ?? 0, heavy: [] };
    if (row.address !== null)
      entry.heavy.push(
        JSON.stringify([row.address, row.n, (JSON.parse(row.geos ?? '[]') as string[]).sort()]),
      );
    byKey.set(key, entry);
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => [k, { ...v, heavy: v.heavy.sort() }]);
}

/** Both dialects' totals over `records`, for the project and the tenants, at several minimums. */
async function expectSameTotals(records: readonly AuditRecord[]): Promise<number> {
  const both = await openBothDialects(records);
  let heavy = 0;
  try {
    for (const query of await addressQueries())
      for (const tenant of [false, true])
        for (const minimum of [0, 1, 3, 50]) {
          const duck = addressTotalsSql(query, tenant);
          const trino = addressTotalsTrino(
            query,
            tenant,
            { records: TRINO_TEST_RECORDS, tenants: both.tenants },
            minimum,
          );
          if (!duck || !trino) throw new Error(`${query.id} has an address column`);
          const expected = totalsOf(await both.duckDatabase.query(duck, addressTotalsRowSchema, [minimum]));
          const actual = totalsOf(await both.database.query(trinoOnDuckDb(trino), addressTotalsRowSchema));
          expect({ id: query.id, tenant, minimum, actual }).toEqual({
            id: query.id,
            tenant,
            minimum,
            actual: expected,
          });
          heavy += expected.reduce((n, [, v]) => n + (typeof v === 'object' ? v.heavy.length : 0), 0);
        }
  } finally {
    await both.close();
  }
  return heavy;
}

describe('the address totals in Trino are the DuckDB statement’s', () => {
  it('have no statement for a query without an address column', async () => {
    const lockouts = (await demoCatalogQueries()).find((q) => q.id === 'lockouts');
    expect(lockouts && addressTotalsTrino(lockouts, false, { records: 'x', tenants: [] }, 1)).toBeUndefined();
  });

  it('on the demo week (the credential-stuffing burst gives heavy addresses)', async () => {
    const heavy = await expectSameTotals(generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000'));
    expect(heavy).toBeGreaterThan(0);
  }, 120_000);

  it('on stuffing weeks: every failure from a new address, and a burst from three', async () => {
    const distinct = generateSyntheticFailedLogins({ count: 3000, window: week, seed: 21, distinct: true });
    expect(await expectSameTotals(distinct)).toBeGreaterThan(0);
    const burst = generateSyntheticFailedLogins({ count: 3000, window: week, seed: 22, burstShare: 0.4 });
    expect(await expectSameTotals(burst)).toBeGreaterThan(0);
  }, 120_000);

  it('on generated hostile weeks', async () => {
    for (const records of hostileWeeks(week, propertyRuns(10))) await expectSameTotals(records);
  }, 240_000);
});
