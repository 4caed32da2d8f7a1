import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryDefinition } from '../../../../functions/core/catalog/query-definition.js';
import { planCollections } from '../../../../functions/core/catalog/query-plan.js';
import { STREAM_SQL_WORDS } from '../../../../functions/core/catalog/stream-queries.js';
import { splitCollections } from '../../../../functions/core/engine/athena-collections.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import type { AuditRecord } from '../../../../functions/core/records/audit-record.js';
import {
  TRINO_ON_DUCKDB_MACROS,
  trinoOnDuckDb,
} from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import { trinoSupport } from '../../../../functions/core/sql/trino/trino-support.js';
import { propertyRuns } from '../../../support/assurance.js';
import { demoCatalogQueries, openBothDialects } from './both-dialects.js';

/*
 * The stream's SQL built-ins over successful logins (`logins-without-mfa`, `impossible-travel`):
 * their DuckDB statement (the text the report always ran) and their Trino statement (the same
 * definition in Trino's words) give identical tables over hostile successful-login weeks.
 */

const week = parseIsoWeek('2026-W47');
const STREAM_SQL = ['logins-without-mfa', 'impossible-travel'];
const MINUTE = 60_000;

const MFA_VALUES: unknown[] = [
  true,
  false,
  'true',
  'TRUE',
  ' true',
  1,
  null,
  { mfa: true },
  [true],
  'tru\u0065',
];
const hostileLogin = fc.record({
  user: fc.constantFrom('u1', 'u2', 'constructor', '=1+1', 'ü-ser', '__proto__', ''),
  action: fc.constantFrom('LoginSucceed', 'LoginSucceed', 'LoginSucceed', 'LoginFailed'),
  method: fc.constantFrom(
    'otp',
    'totp',
    'password',
    'Impersonate',
    '',
    '=HYPERLINK("x")',
    'a, b',
    'é',
    'Z',
    'magiclink',
  ),
  geo: fc.constantFrom('US', 'FR', 'DE', '', '=cmd|x', 'ÅL'),
  address: fc.constantFrom('10.0.0.1', '10.0.0.2', '', '"quoted"'),
  minutes: fc.integer({ min: 0, max: 90 }),
  mfa: fc.option(fc.constantFrom(...MFA_VALUES), { nil: undefined }),
});

/** A week of successful logins, some at one millisecond, others minutes apart. */
function hostileLogins(count: number): AuditRecord[][] {
  const samples = fc.sample(
    fc.tuple(fc.array(hostileLogin, { minLength: 20, maxLength: 60 }), fc.boolean()),
    {
      seed: 21,
      numRuns: count,
    },
  );
  return samples.map(([events, tie]) =>
    events.map((e, i) => ({
      id: `s-${i}`,
      projectId: 'P2Stream',
      userId: e.user,
      action: e.action,
      occurred: week.from + 3_600_000 + (tie ? 0 : e.minutes * MINUTE + i),
      device: 'Bot',
      method: e.method,
      geo: e.geo,
      remoteAddress: e.address,
      loginIds: [`${e.user}@x`],
      tenants: [],
      data: e.mfa === undefined ? {} : { mfa: e.mfa },
      type: 'info',
      actorId: '',
    })),
  );
}

async function streamSqlQueries(): Promise<QueryDefinition[]> {
  const queries = (await demoCatalogQueries()).filter((q) => STREAM_SQL.includes(q.id));
  expect(queries.map((q) => q.id).sort()).toEqual([...STREAM_SQL].sort());
  return queries;
}

describe('the stream SQL built-ins over successful logins, on both engines', () => {
  it('declare both engines, and successful-logins goes to Athena, the access review on or off', async () => {
    const queries = await demoCatalogQueries();
    for (const id of STREAM_SQL)
      expect(trinoSupport(queries.find((q) => q.id === id) as QueryDefinition, { tenant: false })).toEqual({
        ok: true,
      });
    const split = (latestLogins: boolean) =>
      splitCollections(planCollections(queries), { tenants: false, latestLogins });
    expect(split(false).onAthena.map((p) => p.id)).toContain('successful-logins');
    expect(split(true).onAthena.map((p) => p.id)).toContain('successful-logins');
    // The 180-day history stays DuckDB's whatever its statement.
    expect(split(false).onDuckDb.map((c) => c.collection)).toContain('privileged-history');
  });

  it('give identical tables over generated hostile weeks (ties, formula text, odd data.mfa)', async () => {
    const queries = await streamSqlQueries();
    const rows = new Map<string, number>();
    for (const records of hostileLogins(propertyRuns(12, 4))) {
      const both = await openBothDialects(records);
      try {
        for (const query of queries) {
          const duckdb = await both.duckdb(query, week, { tenant: false });
          const trino = await both.trino(query, week, { tenant: false });
          expect({ id: query.id, rows: trino }).toEqual({ id: query.id, rows: duckdb });
          rows.set(query.id, (rows.get(query.id) ?? 0) + duckdb.length);
        }
      } finally {
        await both.close();
      }
    }
    // Not vacuous: both statements found rows in the generated weeks.
    for (const id of STREAM_SQL) expect(rows.get(id)).toBeGreaterThan(0);
  }, 120_000);

  it('divide, join methods and read data.mfa alike, negatives and NULLs included', async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    try {
      for (const macro of TRINO_ON_DUCKDB_MACROS) await connection.run(macro);
      await connection.run(`CREATE TABLE t AS SELECT * FROM (VALUES
        (1, 'otp', '{"mfa":true}', -120001),  (1, NULL, '{"mfa":"true"}', -60000),
        (1, 'a, b', '{"mfa":{"x":true}}', -59999), (1, 'otp', '{"mfa":[true]}', -1),
        (2, NULL, '{}', 0), (2, NULL, '{"mfa":null}', 59999),
        (3, 'Z', '{"mfa":"TRUE"}', 60000), (3, 'é', '{"mfa":1}', 3599999), (3, '', '{"mfa":false}', 1000000000000000)
      ) AS v(g, "method", "data", n)`);
      const run = async (words: typeof STREAM_SQL_WORDS.duckdb, trino: boolean) => {
        const sql = `SELECT g, ${words.methods} AS methods, max(${words.div('n', 60000)}) AS q,
          string_agg(coalesce(${words.mfaText}, '<null>') = 'true', ',' ORDER BY n) AS mfa
          FROM t GROUP BY g ORDER BY g`;
        return (await connection.runAndReadAll(trino ? trinoOnDuckDb(sql) : sql)).getRowObjectsJson();
      };
      const duckdb = await run(STREAM_SQL_WORDS.duckdb, false);
      expect(await run(STREAM_SQL_WORDS.trino, true)).toEqual(duckdb);
      expect(duckdb.map((r) => r.methods)).toEqual(['a, b, otp', null, ', Z, é']);
      const divided = async (words: typeof STREAM_SQL_WORDS.duckdb, trino: boolean) => {
        const sql = `SELECT n, ${words.div('n', 60000)} AS q FROM t ORDER BY n`;
        return (await connection.runAndReadAll(trino ? trinoOnDuckDb(sql) : sql)).getRowObjectsJson();
      };
      const truncated = await divided(STREAM_SQL_WORDS.duckdb, false);
      expect(await divided(STREAM_SQL_WORDS.trino, true)).toEqual(truncated);
      // DuckDB's `//` truncates toward zero; the Trino form does too.
      expect(truncated.slice(0, 4).map((r) => r.q)).toEqual(['-2', '-1', '0', '0']);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
