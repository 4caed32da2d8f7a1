import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  openSqlChecker,
  type SqlCheck,
  type SqlChecker,
} from '../../functions/adapters/duckdb-sql-checker.js';
import { useBundledSandboxWorker } from '../../functions/adapters/sandbox-worker-entry.js';
import { QueryEngineError } from '../../functions/shared/errors.js';

let checker: SqlChecker;

beforeAll(async () => {
  checker = await openSqlChecker();
});

afterAll(() => checker?.close());

const problemOf = (result: SqlCheck) =>
  result.ok ? `accepted: ${result.columns.join(', ')}` : result.problem;

describe('checking a custom query with DuckDB', () => {
  it('accepts a SELECT over records and names its columns as DuckDB does', async () => {
    const result = await checker.check(
      `WITH failed AS (SELECT geo, "remoteAddress" FROM records WHERE action = 'LoginFailed')
SELECT geo AS country, count(*) AS failures, count(DISTINCT "remoteAddress") AS addresses
FROM failed GROUP BY geo ORDER BY failures DESC, country`,
    );
    expect(result).toEqual({ ok: true, columns: ['country', 'failures', 'addresses'] });
  });

  it('reads JSON fields of data, list columns and times as docs/query-catalog.md shows', async () => {
    const result = await checker.check(
      `SELECT data->>'$.reason' AS reason, len("loginIds") AS logins,
       strftime(epoch_ms("occurredMs"), '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred
FROM records ORDER BY 1, 2, 3`,
    );
    expect(result).toEqual({ ok: true, columns: ['reason', 'logins', 'occurred'] });
  });

  it('answers a statement checked to the end before without starting DuckDB again', async () => {
    const sql = `SELECT "userId" AS user_id FROM records ORDER BY 1 -- ${randomUUID()}`;
    const first = await checker.check(sql);
    // From here no sandbox can start: only what was checked before can be answered.
    useBundledSandboxWorker(join(tmpdir(), `no-such-sandbox-worker-${randomUUID()}.mjs`));
    const again = await openSqlChecker();
    try {
      expect(first).toEqual({ ok: true, columns: ['user_id'] });
      expect(await again.check(sql)).toEqual(first);
      await expect(again.check(`${sql} -- not seen yet`)).rejects.toThrow(QueryEngineError);
    } finally {
      again.close();
      useBundledSandboxWorker(inject('sandboxWorker'));
    }
  });

  it('refuses a syntax error, naming the line and column DuckDB points at', async () => {
    const result = await checker.check('SELECT action\nFROM records\nORDER BY action DESK LIMIT');
    expect(problemOf(result)).toMatch(/^syntax error at line 3, column \d+: syntax error at or near/);
  });

  it('refuses an unknown column with the position of the name', async () => {
    const result = await checker.check('SELECT action,\n       acton FROM records ORDER BY 1');
    expect(problemOf(result)).toMatch(
      /^at line 2, column 8: Binder Error: Referenced column "acton" not found in FROM clause!/,
    );
  });

  it('finds the position in a long line DuckDB shortens in its message', async () => {
    const columns = Array.from({ length: 40 }, (_, i) => `'v${i}' AS c${i}`).join(', ');
    const sql = `SELECT ${columns}, missing_column FROM records ORDER BY 1`;
    expect(problemOf(await checker.check(sql))).toMatch(
      new RegExp(`^at line 1, column ${sql.indexOf('missing_column') + 1}: Binder Error`),
    );
  });

  it('accepts comments, and refuses text after the statement that COPY (…) could not hold', async () => {
    const commented = '-- failures\nSELECT id FROM records /* all */ ORDER BY 1 -- done';
    expect(await checker.check(commented)).toEqual({ ok: true, columns: ['id'] });
    expect(problemOf(await checker.check('SELECT id FROM records ORDER BY 1; -- done'))).toBe(
      'cannot be embedded in COPY (…): remove anything after the statement',
    );
  });

  it.each([[''], ['-- only a comment'], ['  ;  ']])('refuses text without a statement (%j)', async (sql) => {
    expect(problemOf(await checker.check(sql))).toBe('holds no statement; give exactly one SELECT');
  });

  it('counts columns in characters, whatever DuckDB counts', async () => {
    expect(problemOf(await checker.check("SELECT 'ééé' AS e FROM read_csv('x') ORDER BY 1"))).toMatch(
      /^table function read_csv\(\) \(line 1, column 24\)/,
    );
    expect(problemOf(await checker.check("SELECT 'ééé' AS e FROM records ORDER BY 1 DESK"))).toMatch(
      /^syntax error at line 1, column 43: /,
    );
  });

  it('refuses two statements', async () => {
    const result = await checker.check('SELECT id FROM records ORDER BY 1; SELECT 2 ORDER BY 1');
    expect(problemOf(result)).toBe('holds 2 statements; give exactly one SELECT');
  });

  it.each([
    [
      "COPY records TO 'out.csv'",
      'must be a read-only SELECT statement (DuckDB: Permission Error: Cannot access file "out.csv" - file system operations are disabled by configuration)',
    ],
    [
      "COPY (SELECT * FROM records ORDER BY 1) TO '/tmp/out.csv' (HEADER)",
      'must be a read-only SELECT statement (DuckDB: Permission Error: Cannot access file "/tmp/out.csv" - file system operations are disabled by configuration)',
    ],
    [
      "EXPORT DATABASE '/tmp/x'",
      'must be a read-only SELECT statement (DuckDB: Permission Error: Cannot access file "/tmp/x/records.csv" - file system operations are disabled by configuration)',
    ],
    ["ATTACH 'other.db'", 'must be a read-only SELECT statement, not ATTACH'],
    ['CREATE TABLE t AS SELECT * FROM records', 'must be a read-only SELECT statement, not CREATE'],
    ['INSERT INTO records SELECT * FROM records', 'must be a read-only SELECT statement, not INSERT'],
    ['DELETE FROM records', 'must be a read-only SELECT statement, not DELETE'],
    ["SET memory_limit = '1GB'", 'must be a read-only SELECT statement, not SET'],
    ['INSTALL httpfs', 'must be a read-only SELECT statement, not LOAD'],
    ['CALL pragma_version()', 'must be a read-only SELECT statement, not CALL'],
    ['EXPLAIN SELECT 1', 'must be a read-only SELECT statement, not EXPLAIN'],
    ['PRAGMA version', 'must be a read-only SELECT statement'],
  ])('refuses a statement that is not a SELECT: %s', async (sql, problem) => {
    expect(problemOf(await checker.check(sql))).toBe(problem);
  });

  it.each([['DESCRIBE records'], ['SHOW TABLES']])('refuses %s', async (sql) => {
    expect(problemOf(await checker.check(sql))).toMatch(/^DESCRIBE, SHOW or SUMMARIZE .*is not allowed/);
  });

  it.each([
    ["SELECT * FROM read_csv('/etc/passwd') ORDER BY 1", 'read_csv'],
    ["SELECT (SELECT count(*) FROM glob('*')) AS n FROM records ORDER BY 1", 'glob'],
    ['SELECT * FROM range(10) ORDER BY 1', 'range'],
    ["SELECT * FROM records, read_text('/etc/hostname') ORDER BY 1", 'read_text'],
  ])('refuses a table function (%s)', async (sql, name) => {
    expect(problemOf(await checker.check(sql))).toMatch(
      new RegExp(`^table function ${name}\\(\\) \\(line 1, column \\d+\\) is not allowed`),
    );
  });

  it('refuses a file read as a relation', async () => {
    expect(problemOf(await checker.check("SELECT * FROM '/etc/passwd' ORDER BY 1"))).toMatch(
      /^relation \/etc\/passwd \(line 1, column 15\) is not allowed/,
    );
  });

  it.each([
    ['SELECT * FROM other ORDER BY 1', 'other'],
    ['SELECT * FROM information_schema.tables ORDER BY 1', 'information_schema.tables'],
    ['SELECT * FROM main.records ORDER BY 1', 'main.records'],
    ['WITH a AS (SELECT 1 AS x) SELECT * FROM records, (SELECT * FROM b) ORDER BY 1', 'b'],
  ])('refuses any relation but records and its own WITH names (%s)', async (sql, name) => {
    expect(problemOf(await checker.check(sql))).toMatch(
      new RegExp(`^relation ${name.replace('.', '\\.')} \\(line 1`),
    );
  });

  it('has no way to read the environment (the CLI holds the management key there)', async () => {
    const sql = "SELECT getenv('DESCOPE_MANAGEMENT_KEY') AS k FROM records ORDER BY 1";
    expect(problemOf(await checker.check(sql))).toMatch(/Scalar Function with name getenv does not exist/);
  });

  it.each([
    ['SELECT random() AS r FROM records ORDER BY 1', 'random()'],
    ['SELECT id FROM records ORDER BY uuid()', 'uuid()'],
    ["SELECT strftime(now(), '%Y') AS y FROM records ORDER BY 1", 'now()'],
    [
      'SELECT id FROM records WHERE "occurredMs" > epoch_ms(current_timestamp) ORDER BY 1',
      'current_timestamp',
    ],
    ['SELECT id FROM records USING SAMPLE 10% ORDER BY 1', 'a sample (USING SAMPLE, TABLESAMPLE)'],
  ])('refuses what changes from run to run: %s', async (sql, what) => {
    expect(problemOf(await checker.check(sql))).toMatch(
      new RegExp(
        `^${what.replace(/[()%]/g, '\\$&')}( \\(line 1, column \\d+\\))? gives another result when re-run`,
      ),
    );
  });

  it('refuses a statement without ORDER BY, whose rows would have no one order', async () => {
    expect(problemOf(await checker.check('SELECT id FROM records'))).toMatch(/^needs an ORDER BY/);
  });

  it('refuses duplicate and non-plain columns, saying how to fix them', async () => {
    const result = await checker.check(
      'SELECT id, id, "tenants", to_timestamp("occurredMs" / 1000) AS at, avg(1) OVER () AS mean FROM records ORDER BY 1',
    );
    const fix = 'cast it to VARCHAR (or a whole number) so the report and queries.sql write the same text';
    expect(problemOf(result)).toBe(
      `column "tenants" is VARCHAR[]: ${fix}; column "at" is TIMESTAMP WITH TIME ZONE: ${fix}; column "mean" is DOUBLE: ${fix}; column name "id" appears twice: rename one with AS`,
    );
  });

  it('accepts text, whole numbers and booleans', async () => {
    const sql = `SELECT action, count(*) AS n, sum(1) AS total, count(*) > 1 AS repeated,
       round(avg(len(action)), 2)::VARCHAR AS mean FROM records GROUP BY 1 ORDER BY 1`;
    expect(await checker.check(sql)).toEqual({
      ok: true,
      columns: ['action', 'n', 'total', 'repeated', 'mean'],
    });
  });
});

describe('checking any text', () => {
  const forbidden = fc.constantFrom(
    "read_csv('/etc/passwd')",
    "read_text('/etc/hostname')",
    "read_json_auto('s3://bucket/x.json')",
    "glob('/*')",
    "'/etc/passwd'",
    "'https://example.com/x.csv'",
    'information_schema.tables',
    'duckdb_settings()',
    'main.records',
    'pg_catalog.pg_tables',
  );
  const place = fc.constantFrom(
    (r: string) => `SELECT * FROM ${r} ORDER BY 1`,
    (r: string) => `SELECT id FROM records WHERE id IN (SELECT 1 FROM ${r}) ORDER BY 1`,
    (r: string) => `WITH x AS (SELECT * FROM ${r}) SELECT * FROM records, x ORDER BY 1`,
    (r: string) => `SELECT (SELECT count(*) FROM ${r}) AS n FROM records ORDER BY 1`,
    (r: string) => `SELECT id FROM records UNION ALL SELECT 'x' FROM ${r} ORDER BY 1`,
  );

  it('refuses every reach outside records, wherever the statement puts it', async () => {
    await fc.assert(
      fc.asyncProperty(forbidden, place, async (relation, statement) => {
        expect((await checker.check(statement(relation))).ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('answers any text with a verdict, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 80 }), async (text) => {
        const result = await checker.check(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 100 },
    );
  });
});
