import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FINDING_QUERIES } from '../../../../functions/core/catalog/builtin-queries.js';
import { planCollections } from '../../../../functions/core/catalog/query-plan.js';
import { filterConditions } from '../../../../functions/core/engine/athena-collections.js';
import { partitionDays } from '../../../../functions/core/engine/athena-cost-guard.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import { auditFilterMatcher } from '../../../../functions/core/records/audit-filter-match.js';
import { compileRecordCount } from '../../../../functions/core/sql/compile-query.js';
import { COLLECTION_TENANTS_SQL } from '../../../../functions/core/sql/tenant-census-sql.js';
import { athenaStatements } from '../../../../functions/core/sql/trino/athena-statements.js';
import { compileTrinoRecordCount } from '../../../../functions/core/sql/trino/compile-trino-query.js';
import { streamRecordsTrino } from '../../../../functions/core/sql/trino/stream-records-trino.js';
import {
  collectionCensusTrino,
  tenantCensusTrino,
} from '../../../../functions/core/sql/trino/tenant-census-trino.js';
import { trinoOnDuckDb } from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import { generateDemoWeek } from '../../../../functions/local/descope-api/demo-audit-data.js';
import { hostileWeeks } from '../hostile-weeks.js';
import { ROLE_SHAPE_RECORDS } from '../role-shape-records.js';
import { demoCatalogQueries, openBothDialects, TRINO_TEST_RECORDS } from './both-dialects.js';

const week = parseIsoWeek('2026-W47');
const stream = streamRecordsTrino(
  { database: 'descope_audit', table: 'stream_events' },
  week,
  partitionDays(week, 1),
);

describe('a period’s Athena statements', () => {
  it('are every table, project then tenants, and the address totals the findings read (each parses: trino-grammar.test.ts)', async () => {
    const queries = await demoCatalogQueries();
    const { statements, onDuckDb } = athenaStatements({
      queries,
      period: week,
      records: stream,
      tenants: ['T1', "it's"],
      addressMinimum: 20,
    });
    const totals = statements.filter((s) => s.kind === 'address-totals');
    expect(totals.map((s) => [s.queryId, s.scope])).toEqual([
      [FINDING_QUERIES.failedByIp, 'project'],
      [FINDING_QUERIES.failedByIp, 'tenants'],
    ]);
    // Every query has its project statement or says why not; custom statements have no tenant one.
    for (const query of queries) {
      const emitted = statements.some((s) => s.queryId === query.id && s.scope === 'project');
      const refused = onDuckDb.some((s) => s.queryId === query.id && s.scope === 'project');
      expect({ id: query.id, either: emitted !== refused }).toEqual({ id: query.id, either: true });
    }
    for (const s of statements.filter((t) => t.scope === 'tenants' && t.kind === 'table'))
      expect(s.columns?.[0]).toBe('report_tenant');
    // The role-change expansions take the parser minutes: role-reader-trino-grammar.test.ts (test:full).
    const expanding = new Set(
      queries.filter((q) => q.aggregation.kind === 'rows' && q.aggregation.expand).map((q) => q.id),
    );
    expect(statements.filter((s) => expanding.has(s.queryId)).map((s) => [s.kind, s.scope])).toEqual([
      ['table', 'project'],
      ['record-count', 'project'],
      ['table', 'project'],
      ['record-count', 'project'],
      ['table', 'project'],
      ['record-count', 'project'],
    ]);
  });

  it('has no tenant statement without the reported tenants', async () => {
    const { statements } = athenaStatements({
      queries: await demoCatalogQueries(),
      period: week,
      records: stream,
      tenants: undefined,
      addressMinimum: 1,
    });
    expect(statements.filter((s) => s.scope === 'tenants')).toEqual([]);
  });

  it('the census in Trino counts what the DuckDB census counts (it parses: trino-grammar.test.ts)', async () => {
    const both = await openBothDialects(generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000'));
    try {
      const row = z.object({ tenant: z.string(), records: z.number() });
      const duck = (await both.duckDatabase.query(COLLECTION_TENANTS_SQL, row)).sort((a, b) =>
        a.tenant < b.tenant ? -1 : 1,
      );
      const trino = await both.database.query(
        trinoOnDuckDb(tenantCensusTrino({ records: TRINO_TEST_RECORDS, tenants: [] })),
        row,
      );
      expect(duck.length).toBeGreaterThan(1);
      expect(trino).toEqual(duck);
    } finally {
      await both.close();
    }
  }, 60_000);
});

describe('a tenant statement on Athena shows each tenant only itself', () => {
  it('every row names a reported tenant, and its tenant cells name that tenant alone', async () => {
    const records = generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000');
    const both = await openBothDialects(records);
    try {
      // Every tenant of the week but the first is reported: the first must appear nowhere.
      const [left, ...reported] = both.tenants;
      const { statements } = athenaStatements({
        queries: await demoCatalogQueries(),
        period: week,
        records: TRINO_TEST_RECORDS,
        tenants: reported,
        addressMinimum: 1,
      });
      let checked = 0;
      for (const s of statements.filter((t) => t.scope === 'tenants' && t.kind === 'table')) {
        const rows = await both.database.query(trinoOnDuckDb(s.sql), z.record(z.string(), z.unknown()));
        for (const row of rows) {
          expect(reported).toContain(row.report_tenant);
          for (const [column, cell] of Object.entries(row))
            if (column === 'tenants' || column === 'tenant') expect([row.report_tenant, '']).toContain(cell);
          checked += 1;
        }
      }
      expect(left).toBeDefined();
      expect(checked).toBeGreaterThan(50);
    } finally {
      await both.close();
    }
  }, 120_000);
});

describe('an expansion’s record count on Athena', () => {
  it('counts the records the DuckDB count counts, on every role shape', async () => {
    const both = await openBothDialects(ROLE_SHAPE_RECORDS);
    try {
      const row = z.object({ count: z.number() });
      for (const query of (await demoCatalogQueries()).filter(
        (q) => q.aggregation.kind === 'rows' && q.aggregation.expand,
      )) {
        const [duck] = await both.duckDatabase.query(compileRecordCount(query, { tenant: false }), row);
        const trino = await both.database.query(
          trinoOnDuckDb(
            compileTrinoRecordCount(query, { tenant: false }, { records: TRINO_TEST_RECORDS, tenants: [] }),
          ),
          row,
        );
        expect(duck?.count).toBeGreaterThan(0);
        expect(trino).toEqual([duck]);
      }
    } finally {
      await both.close();
    }
  }, 60_000);

  it('a collection’s census over the whole stream counts what DuckDB counts on the collection’s evidence', async () => {
    const queries = await demoCatalogQueries();
    const records = [
      ...generateDemoWeek(week.from, 'P2LocalDemo0000000000000000000'),
      ...hostileWeeks(week, 3).flat(),
    ];
    const row = z.object({ tenant: z.string(), records: z.number() });
    const byTenant = (a: { tenant: string }, b: { tenant: string }) => (a.tenant < b.tenant ? -1 : 1);
    const stream = await openBothDialects(records);
    let compared = 0;
    try {
      for (const plan of planCollections(queries)) {
        const filter = filterConditions(plan.filter);
        if (!filter.ok) continue;
        const sql = collectionCensusTrino(filter.where, { records: TRINO_TEST_RECORDS, tenants: [] });
        // DuckDB counts the records the collection's search collected.
        const collected = await openBothDialects(records.filter(auditFilterMatcher(plan.filter)));
        try {
          const duck = (await collected.duckDatabase.query(COLLECTION_TENANTS_SQL, row)).sort(byTenant);
          const trino = await stream.database.query(trinoOnDuckDb(sql), row);
          expect({ collection: plan.id, census: trino }).toEqual({ collection: plan.id, census: duck });
          if (duck.length > 0) compared += 1;
        } finally {
          await collected.close();
        }
      }
    } finally {
      await stream.close();
    }
    expect(compared).toBeGreaterThan(2);
  }, 60_000);
});
