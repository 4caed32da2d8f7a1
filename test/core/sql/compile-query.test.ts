import { describe, expect, it } from 'vitest';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import { queryDefinitionSchema } from '../../../functions/core/catalog/query-definition.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import { compileQuery, emptyTable } from '../../../functions/core/sql/compile-query.js';
import { fieldText } from '../../../functions/core/sql/field-sql.js';
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

  it('compiles every query, rows showing raw change details included', () => {
    const raw = queryDefinitionSchema.parse({
      id: 'change-details',
      title: 'x',
      filter: {},
      where: [{ field: 'data.users', notIn: ['x'] }],
      aggregation: { kind: 'rows', columns: [{ column: 'change', field: 'data.Change' }] },
    });
    const project = compileQuery(raw, week, { tenant: false });
    expect(project.columns).toEqual(['change']);
    expect(project.sql).toMatch(/^SELECT .*\nFROM records\nWHERE /s);
    // A tenant reads change details (columns and conditions) from its own view of data.
    const tenant = compileQuery(raw, week, { tenant: true });
    expect(tenant.columns).toEqual(['report_tenant', 'change']);
    expect(tenant.sql).toContain('FROM (SELECT * REPLACE (');
    expect(tenant.sql).toContain(') AS "data") FROM tenant_records) AS tenant_records\nWHERE ');
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

  it('reads a path once per step: a longer path adds a step, it does not multiply the statement', () => {
    const deep = (path: string) =>
      compileQuery(
        queryDefinitionSchema.parse({
          id: 'deep',
          title: 'x',
          filter: {},
          where: [{ field: path, in: ['x'] }],
          aggregation: { kind: 'rows', columns: [{ column: 'c', field: path }] },
        }),
        week,
        { tenant: false },
      ).sql.length;
    const step = deep('data.a.b.0.d') - deep('data.a.b.0');
    expect(step).toBeGreaterThan(0);
    expect(deep('data.a.b.0.d.e.f.g.h') - deep('data.a.b.0.d.e.f.g')).toBe(step);
  });

  it('refuses values DuckDB cannot hold, and numbers that are not safe integers', () => {
    expect(sqlText("it's")).toBe("'it''s'");
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
    expect(() => sqlText('a\0b')).toThrow(/NUL/);
    expect(() => sqlText('\ud800')).toThrow(/surrogate/);
    expect(() => sqlInteger(1.5)).toThrow(/safe integer/);
  });

  it('shows change details in a tenant report only from its own view of data', () => {
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
    expect(compileQuery(query, week, { tenant: false }).sql).not.toContain('REPLACE');
    expect(compileQuery(query, week, { tenant: true }).sql).toContain('REPLACE');
    // Only the tenant's view of data may be read for change details.
    expect(() => fieldText('data.Change.added_roles', { tenant: true })).toThrow(/tenant's view/);
    expect(() => fieldText('data', { tenant: true })).toThrow(/tenant's view/);
    expect(fieldText('data.error_message', { tenant: true })).toContain('error_message');
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
