import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlChecker, type SqlChecker } from '../../functions/adapters/duckdb-sql-checker.js';

let checker: SqlChecker;
beforeAll(async () => {
  checker = await openSqlChecker();
});
afterAll(() => checker?.close());

/** Names DuckDB resolves in its own catalog: system views and tables, unqualified and qualified. */
const systemNames = [
  'duckdb_databases',
  'duckdb_tables',
  'duckdb_columns',
  'duckdb_settings',
  'duckdb_functions',
  'duckdb_views',
  'sqlite_master',
  'pg_class',
  'pg_namespace',
  'information_schema.tables',
  'pg_catalog.pg_tables',
  'main.records',
  'system.main.duckdb_databases',
];

/**
 * A refused construct, as a statement reading it: a system relation, a table function, a file, a
 * value that changes from run to run, a sample. `name` is the relation's own name when it has one
 * (so a WITH entry can try to take it).
 */
const refused = fc.oneof(
  fc.constantFrom(...systemNames).map((name) => ({ name, sql: `SELECT * FROM ${name}` })),
  fc
    .constantFrom(
      'range(3)',
      "read_csv('/etc/passwd')",
      "glob('/*')",
      'duckdb_settings()',
      'generate_series(1, 2)',
    )
    .map((fn) => ({ name: fn.slice(0, fn.indexOf('(')), sql: `SELECT * FROM ${fn}` })),
  fc.constantFrom("'/etc/passwd'", "'data.csv'").map((file) => ({ name: 'x', sql: `SELECT * FROM ${file}` })),
  fc
    .constantFrom('random()', 'now()', 'uuid()', 'current_date')
    .map((call) => ({ name: 'x', sql: `SELECT ${call} AS v FROM records` })),
  fc.constant({ name: 'x', sql: 'SELECT * FROM records USING SAMPLE 1' }),
);

type Wrap = (inner: string, name: string) => string;

/** Ways to put a statement reading the refused construct inside another that still reads it. */
const wraps: Wrap[] = [
  // A WITH entry taking the construct's own name: its body does not see itself.
  (inner, name) => `WITH ${lastPart(name)} AS (${inner}) SELECT * FROM ${lastPart(name)}`,
  // A RECURSIVE entry whose body is not itself a UNION is not recursive: it does not see itself
  // either. (A UNION body would be its recursive step, where the name is the entry's own, as DuckDB
  // resolves it: no longer the construct.)
  (inner, name) =>
    `WITH RECURSIVE ${lastPart(name)} AS (SELECT * FROM (${inner}) AS b) SELECT * FROM ${lastPart(name)}`,
  (inner, name) => `WITH ${lastPart(name)} AS MATERIALIZED (${inner}) SELECT * FROM ${lastPart(name)}`,
  // An entry defined after the one reading it is not visible to it.
  (inner, name) => `WITH a AS (${inner}), ${lastPart(name)} AS (SELECT 1 AS x) SELECT * FROM a`,
  // A recursive entry's anchor does not see its own name; its step reads the construct.
  (inner) =>
    `WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT 1 FROM (${inner}) AS s, r WHERE false) SELECT * FROM r`,
  (inner) => `SELECT * FROM (${inner}) AS records`,
  (inner) => `SELECT * FROM records WHERE EXISTS (${inner})`,
  (inner) => `SELECT (SELECT count(*) FROM (${inner}) AS q) AS n FROM records`,
  (inner) => `SELECT id FROM records UNION ALL SELECT 'x' FROM (${inner}) AS q`,
  (inner) => `SELECT r.id FROM records AS r, LATERAL (${inner}) AS l`,
  (inner) =>
    `WITH outer_ AS (WITH inner_ AS (SELECT 1 AS x) SELECT * FROM (${inner}) AS i) SELECT * FROM outer_`,
];

/** The construct's own name as a WITH name (quoted: `glob` is also a keyword). */
const lastPart = (name: string) => `"${name.split('.').at(-1) ?? name}"`;

/** DuckDB's words for a statement refused by the rules (not a syntax or binding error). */
const RULE_REFUSAL = /is not allowed|gives another result when re-run/;

describe('the rule checker over random compositions of refused constructs', () => {
  it('never accepts one, and always refuses it by the rules', async () => {
    await fc.assert(
      fc.asyncProperty(
        refused,
        fc.array(fc.nat(wraps.length - 1), { maxLength: 4 }),
        async (construct, path) => {
          const inner = path.reduce((sql, i) => (wraps[i] as Wrap)(sql, construct.name), construct.sql);
          const statement = `SELECT * FROM (${inner}) AS q ORDER BY 1`;
          const result = await checker.check(statement);
          expect(result.ok, statement).toBe(false);
          if (!result.ok) expect(result.problem, statement).toMatch(RULE_REFUSAL);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('resolves WITH names as DuckDB does: earlier entries and a recursive step’s own name only', async () => {
    for (const accepted of [
      'WITH a AS (SELECT id FROM records), b AS (SELECT id FROM a) SELECT id FROM b ORDER BY 1',
      'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY 1',
      'WITH records AS (SELECT id FROM records) SELECT id FROM records ORDER BY 1',
    ]) {
      expect(await checker.check(accepted), accepted).toMatchObject({ ok: true });
    }
    for (const refusedStatement of [
      'WITH duckdb_databases AS (SELECT database_name FROM duckdb_databases) SELECT * FROM duckdb_databases ORDER BY 1',
      'WITH a AS (SELECT * FROM duckdb_tables), duckdb_tables AS (SELECT 1 AS x) SELECT * FROM a ORDER BY 1',
      'WITH RECURSIVE sqlite_master AS (SELECT * FROM sqlite_master) SELECT * FROM sqlite_master ORDER BY 1',
      'WITH RECURSIVE pg_class(x) AS (SELECT oid FROM pg_class UNION ALL SELECT x FROM pg_class WHERE false) SELECT * FROM pg_class ORDER BY 1',
    ]) {
      const result = await checker.check(refusedStatement);
      expect(result.ok, refusedStatement).toBe(false);
    }
  });
});
