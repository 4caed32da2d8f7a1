import { TrinoSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { planCollections } from '../../../../functions/core/catalog/query-plan.js';
import { filterConditions } from '../../../../functions/core/engine/athena-collections.js';
import { partitionDays } from '../../../../functions/core/engine/athena-cost-guard.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import { compileQuery } from '../../../../functions/core/sql/compile-query.js';
import { addressTotalsTrino } from '../../../../functions/core/sql/trino/address-totals-trino.js';
import { athenaStatements } from '../../../../functions/core/sql/trino/athena-statements.js';
import { compileTrinoQuery } from '../../../../functions/core/sql/trino/compile-trino-query.js';
import { latestLoginsTrino } from '../../../../functions/core/sql/trino/latest-logins-trino.js';
import {
  streamRecordsTrino,
  streamUnplacedTrino,
} from '../../../../functions/core/sql/trino/stream-records-trino.js';
import {
  collectionCensusTrino,
  tenantCensusTrino,
} from '../../../../functions/core/sql/trino/tenant-census-trino.js';
import { trinoSupport } from '../../../../functions/core/sql/trino/trino-support.js';
import { CHANGE_DETAIL_QUERIES } from '../change-detail-records.js';
import { addressQueries } from './address-queries.js';
import { demoCatalogQueries } from './both-dialects.js';

const week = parseIsoWeek('2026-W47');
const parser = new TrinoSQL();
/** The parser's complaints about a statement (none when Trino's grammar accepts it). */
const problems = (sql: string) =>
  parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);

/*
 * Every grammar check of the Trino statements lives in this file: the parser's first statements cost
 * it seconds (it builds its prediction tables as it meets each construct), so they are paid once.
 */

/** The relation an Athena run reads: the stream table, pruned to the period's partitions. */
const relations = {
  records: streamRecordsTrino(
    { database: 'descope_audit', table: 'stream_events' },
    week,
    partitionDays(week, 1),
  ),
  tenants: ['T1', "it's"],
};

describe('every Trino statement parses with Trino’s grammar', () => {
  it('for every built-in and demo query the dialect emits, project and tenant', async () => {
    const queries = [...(await demoCatalogQueries()), ...CHANGE_DETAIL_QUERIES];
    let parsed = 0;
    for (const query of queries)
      for (const scope of [{ tenant: false }, { tenant: true }]) {
        if (!trinoSupport(query, scope).ok) continue;
        // The role-change expansions take the parser minutes: role-reader-trino-grammar.test.ts (test:full).
        if (query.aggregation.kind === 'rows' && query.aggregation.expand) continue;
        const { sql } = compileTrinoQuery(query, week, scope, relations);
        expect({ id: query.id, scope, problems: problems(sql) }).toEqual({
          id: query.id,
          scope,
          problems: [],
        });
        parsed += 1;
      }
    expect(parsed).toBeGreaterThan(30);
  }, 120_000);

  it('for every statement of a period’s Athena run but the expansions: tables, address totals, record counts', async () => {
    const queries = await demoCatalogQueries();
    const { statements } = athenaStatements({
      queries,
      period: week,
      records: relations.records,
      tenants: relations.tenants,
      addressMinimum: 20,
    });
    // The role-change expansions' tables take the parser minutes: role-reader-trino-grammar.test.ts (test:full).
    const expanding = new Set(
      queries.filter((q) => q.aggregation.kind === 'rows' && q.aggregation.expand).map((q) => q.id),
    );
    const checked = statements.filter((s) => s.kind !== 'table' || !expanding.has(s.queryId));
    expect(checked.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['table', 'address-totals', 'record-count']),
    );
    for (const s of checked)
      expect({ id: s.queryId, kind: s.kind, problems: problems(s.sql) }).toEqual({
        id: s.queryId,
        kind: s.kind,
        problems: [],
      });
  }, 120_000);

  it('for the address totals, project and tenants, of the built-in and a query without countries', async () => {
    for (const query of await addressQueries())
      for (const tenant of [false, true]) {
        const sql = addressTotalsTrino(
          query,
          tenant,
          { records: 'SELECT * FROM t', tenants: ['T1', "it's"] },
          5,
        );
        expect(problems(sql ?? '')).toEqual([]);
      }
  });

  it('for the tenant census and every collection’s census', async () => {
    expect(problems(tenantCensusTrino({ records: relations.records, tenants: [] }))).toEqual([]);
    let parsed = 0;
    for (const plan of planCollections(await demoCatalogQueries())) {
      const filter = filterConditions(plan.filter);
      if (!filter.ok) continue;
      expect({
        collection: plan.id,
        problems: problems(collectionCensusTrino(filter.where, relations)),
      }).toEqual({
        collection: plan.id,
        problems: [],
      });
      parsed += 1;
    }
    expect(parsed).toBeGreaterThan(2);
  });

  it('for the stream relation an Athena run reads', () => {
    expect(relations.records).toContain(`WHERE dt IN ('2026-11-16', `);
    expect(problems(`WITH records AS (${relations.records}) SELECT count(*) FROM records`)).toEqual([]);
    const unplaced = streamUnplacedTrino(
      { database: 'descope_audit', table: 'stream_events' },
      partitionDays(week, 1),
    );
    expect(problems(unplaced)).toEqual([]);
  });

  it('for the access review’s latest logins, over a filtered collection', () => {
    const where = [{ field: 'action', in: ['LoginSucceed', "it's"] }];
    const sql = latestLoginsTrino(where, relations);
    expect(sql).toContain(`"action" IN ('LoginSucceed', 'it''s')`);
    expect(problems(sql)).toEqual([]);
  });

  it('tells the dialects apart: DuckDB’s own statements do not parse as Trino', async () => {
    const queries = await demoCatalogQueries();
    const lockouts = queries.find((q) => q.id === 'lockouts');
    if (!lockouts) throw new Error('lockouts is a built-in');
    expect(problems(compileQuery(lockouts, week, { tenant: false }).sql)).not.toEqual([]);
    expect(problems('SELECT hour(epoch_ms("occurredMs")) // 2 FROM records')).not.toEqual([]);
  });
});
