import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/builtin-queries.js';
import { parseIsoWeek } from '../../../functions/core/period.js';
import { queryDefinitionSchema } from '../../../functions/core/query-definition.js';
import { compileQuery, emptyTable, isSqlQuery } from '../../../functions/core/sql/compile-query.js';
import { sqlIdentifier, sqlInteger, sqlText } from '../../../functions/core/sql/sql-literal.js';

const week = parseIsoWeek('2026-W47');

describe('the catalog as SQL', () => {
  it.each(BUILTIN_QUERIES.map((q) => [q.id, q] as const))(
    '%s compiles to a pinned statement',
    (_id, query) => {
      expect(compileQuery(query, week, { tenant: false }).sql).toMatchSnapshot('project');
      expect(compileQuery(query, week, { tenant: true }).sql).toMatchSnapshot('tenant');
      // The same query always compiles to the same text (the report's bytes depend on it).
      expect(compileQuery(query, week, { tenant: false }).sql).toBe(
        compileQuery(query, week, { tenant: false }).sql,
      );
    },
  );

  it('compiles every built-in query; only rows showing raw change details are left to code', () => {
    expect(BUILTIN_QUERIES.filter((q) => !isSqlQuery(q))).toEqual([]);
    const raw = queryDefinitionSchema.parse({
      id: 'change-details',
      title: 'x',
      filter: {},
      aggregation: { kind: 'rows', columns: [{ column: 'change', field: 'data.Change' }] },
    });
    expect(isSqlQuery(raw)).toBe(false);
    expect(() => compileQuery(raw, week, { tenant: false })).toThrow(/read in code/);
  });

  it('writes values from the catalog only as quoted literals', () => {
    const query = queryDefinitionSchema.parse({
      id: 'hostile',
      title: 'x',
      filter: {},
      where: [
        { field: 'geo', in: ["x') OR 1=1 --", 'a\\b'] },
        { field: 'data.a-b.0', notIn: ["'"] },
      ],
      aggregation: { kind: 'rows', columns: [{ column: 'c', field: 'data.a-b.length' }] },
    });
    const { sql } = compileQuery(query, week, { tenant: false });
    expect(sql).toContain(`"geo" IN ('x'') OR 1=1 --', 'a\\b')`);
    expect(sql).toContain(`['''']`);
  });

  it('refuses values DuckDB cannot hold, and numbers that are not safe integers', () => {
    expect(sqlText("it's")).toBe("'it''s'");
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
    expect(() => sqlText('a\0b')).toThrow(/NUL/);
    expect(() => sqlText('\ud800')).toThrow(/surrogate/);
    expect(() => sqlInteger(1.5)).toThrow(/safe integer/);
  });

  it('does not show raw change details in a tenant report (they can name other tenants)', () => {
    const query = queryDefinitionSchema.parse({
      id: 'changes',
      title: 'x',
      filter: {},
      aggregation: {
        kind: 'group',
        groupBy: [{ column: 'c', field: 'data.Change.added_roles' }],
        count: 'n',
      },
    });
    expect(compileQuery(query, week, { tenant: false }).sql).toContain('Change');
    expect(() => compileQuery(query, week, { tenant: true })).toThrow(/other tenants/);
  });
});

describe('the table of a query without records', () => {
  it('has no rows, or every day of the period at 0 for a series, whichever engine computes it', () => {
    const byId = (id: string) => BUILTIN_QUERIES.find((q) => q.id === id) as (typeof BUILTIN_QUERIES)[number];
    expect(emptyTable(byId('failed-logins-per-day'), week).rows).toEqual([
      ['2026-11-16', 0],
      ['2026-11-17', 0],
      ['2026-11-18', 0],
      ['2026-11-19', 0],
      ['2026-11-20', 0],
      ['2026-11-21', 0],
      ['2026-11-22', 0],
    ]);
    const grants = emptyTable(byId('role-grants'), week);
    expect(grants.rows).toEqual([]);
    expect(grants.columns).toContain('role');
    const changeDetails = queryDefinitionSchema.parse({
      id: 'change-details',
      title: 'x',
      filter: {},
      aggregation: { kind: 'rows', columns: [{ column: 'change', field: 'data.Change' }] },
    });
    expect(emptyTable(changeDetails, week)).toEqual({ columns: ['change'], rows: [] });
  });
});
