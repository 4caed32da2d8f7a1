import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { QueryDefinition } from '../../../../functions/core/catalog/query-definition.js';
import { planCollections } from '../../../../functions/core/catalog/query-plan.js';
import {
  splitCollections,
  withCollectionFilter,
} from '../../../../functions/core/engine/athena-collections.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import { auditFilterMatcher } from '../../../../functions/core/records/audit-filter-match.js';
import type { AuditRecord } from '../../../../functions/core/records/audit-record.js';
import { compileTrinoRecordCount } from '../../../../functions/core/sql/trino/compile-trino-query.js';
import { trinoOnDuckDb } from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import { trinoSupport } from '../../../../functions/core/sql/trino/trino-support.js';
import { generateDemoWeek } from '../../../../functions/local/descope-api/demo-audit-data.js';
import { generateSyntheticFailedLogins } from '../../../../functions/local/descope-api/synthetic-failed-logins.js';
import { propertyRuns } from '../../../support/assurance.js';
import { CHANGE_DETAIL_QUERIES, CHANGE_DETAIL_RECORDS } from '../change-detail-records.js';
import { hostileWeeks } from '../hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from '../role-shape-records.js';
import { demoCatalogQueries, openBothDialects, TRINO_TEST_RECORDS } from './both-dialects.js';

const week = parseIsoWeek('2026-W47');
const ACTIONS_SQL = 'SELECT action, count(*) AS events FROM records GROUP BY 1 ORDER BY 1';
const SCOPES = [{ tenant: false }, { tenant: true }] as const;

/**
 * Every query both dialects emit, run over the same records: the DuckDB dialect on DuckDB, the
 * Trino dialect on DuckDB through the compatibility layer. The tables must be identical, row for
 * row and cell for cell (order included). Returns how many tables were compared.
 */
async function expectSameTables(records: readonly AuditRecord[], queries: readonly QueryDefinition[]) {
  const both = await openBothDialects(records);
  let compared = 0;
  try {
    for (const query of queries)
      for (const scope of SCOPES) {
        if (!trinoSupport(query, scope).ok) continue;
        const duckdb = await both.duckdb(query, week, scope);
        const trino = await both.trino(query, week, scope);
        expect({ id: query.id, scope, rows: trino }).toEqual({ id: query.id, scope, rows: duckdb });
        compared += 1;
      }
  } finally {
    await both.close();
  }
  return compared;
}

/** The built-ins (stream-only ones included) and the demo catalog's own queries. */
const catalog = demoCatalogQueries;

describe('the Trino dialect computes the DuckDB dialect’s tables', () => {
  it('on the demo week (credential-stuffing burst included), built-ins and the demo catalog', async () => {
    const queries = await catalog();
    const records = generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000');
    const compared = await expectSameTables(records, queries);
    // Every query for the project and each tenant; the statements written in SQL declared for
    // Athena (two of the demo catalog, the stream's two over successful logins) and the role-change
    // expansions (three) in the project's report only.
    const emitted = queries.filter((q) => trinoSupport(q, { tenant: false }).ok);
    expect(emitted.map((q) => q.id)).toEqual(
      expect.arrayContaining([
        'failed-logins-by-hour',
        'role-grants',
        'logins-without-mfa',
        'impossible-travel',
      ]),
    );
    expect(compared).toBeGreaterThanOrEqual(emitted.length * 2 - 4 - 3);
  }, 120_000);

  it('on a credential-stuffing week: every failure from a new login ID and address', async () => {
    const records = generateSyntheticFailedLogins({ count: 5000, window: week, seed: 21, distinct: true });
    expect(await expectSameTables(records, await catalog())).toBeGreaterThan(20);
  }, 120_000);

  it('on generated hostile weeks (ties at one millisecond, formula text, odd JSON)', async () => {
    const queries = await catalog();
    // Eight weeks under test:full, the first two of them under npm test (the same seed).
    for (const records of hostileWeeks(week, propertyRuns(8, 2))) await expectSameTables(records, queries);
  }, 480_000);

  it('on a statement written in SQL over a filtered collection: Athena reads only its records', async () => {
    const queries = await catalog();
    const records = generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000');
    const split = splitCollections(planCollections(queries), { tenants: false, latestLogins: false });
    const plan = split.onAthena.find((p) => p.queries.some((q) => q.id === 'failed-logins-by-hour'));
    const onAthena = plan?.queries.find((q) => q.id === 'failed-logins-by-hour') as QueryDefinition;
    // The collection's filter, carried by the query (a SQL query has no conditions of its own).
    expect(onAthena?.where).toEqual([
      { field: 'action', in: expect.arrayContaining(['LoginFailed', 'LoginExceedMaxAttempts']) },
    ]);
    const original = queries.find((q) => q.id === 'failed-logins-by-hour') as QueryDefinition;
    // DuckDB over the collection's records (what the search collected); Trino over every event.
    const collected = await openBothDialects(records.filter(auditFilterMatcher(original.filter)));
    const stream = await openBothDialects(records);
    // The demo's statement, and one counting every action it reads (it has no condition of its own).
    const everyAction = {
      ...original,
      id: 'collected-actions',
      aggregation: { kind: 'sql', engines: ['duckdb', 'athena'], sql: ACTIONS_SQL },
    } as QueryDefinition;
    try {
      for (const query of [original, everyAction]) {
        const duckdb = await collected.duckdb(query, week, { tenant: false });
        expect(duckdb.length).toBeGreaterThan(0);
        const filtered = withCollectionFilter(query, plan as NonNullable<typeof plan>);
        expect(await stream.trino(filtered, week, { tenant: false })).toEqual(duckdb);
        // The records it read, as the report counts them: the collection's records.
        const counted = await stream.database.query(
          trinoOnDuckDb(
            compileTrinoRecordCount(
              filtered,
              { tenant: false },
              { records: TRINO_TEST_RECORDS, tenants: [] },
            ),
          ),
          z.object({ count: z.number() }),
        );
        expect(counted).toEqual([{ count: collected.records }]);
      }
      // Without the filter, the statement would count what the collection never held.
      const unfiltered = await stream.trino(everyAction, week, { tenant: false });
      expect(unfiltered.length).toBeGreaterThan(2);
    } finally {
      await collected.close();
      await stream.close();
    }
  }, 120_000);

  it('on change details and role shapes, and custom rows reading any data path', async () => {
    const queries = [...(await catalog()), ...CHANGE_DETAIL_QUERIES];
    await expectSameTables([...CHANGE_DETAIL_RECORDS, ...ROLE_SHAPE_RECORDS], queries);
  }, 120_000);
});
