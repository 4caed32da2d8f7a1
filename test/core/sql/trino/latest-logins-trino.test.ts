import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterConditions } from '../../../../functions/core/engine/athena-collections.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import { auditFilterMatcher } from '../../../../functions/core/records/audit-filter-match.js';
import type { AuditFilter, AuditRecord } from '../../../../functions/core/records/audit-record.js';
import { LATEST_LOGINS_SQL, latestLoginRowSchema } from '../../../../functions/core/sql/latest-logins-sql.js';
import { latestLoginsTrino } from '../../../../functions/core/sql/trino/latest-logins-trino.js';
import { trinoOnDuckDb } from '../../../../functions/core/sql/trino/trino-on-duckdb.js';
import { athenaLatestLogins } from '../../../../functions/weekly-report/aggregate/athena-latest-logins.js';
import { propertyRuns } from '../../../support/assurance.js';
import { openBothDialects, TRINO_TEST_RECORDS } from './both-dialects.js';

/*
 * The access review's latest logins: DuckDB's statement over a collection's evidence (the users
 * asked about bound) and the Trino statement over the whole stream (the collection's filter as
 * conditions, every user), kept to the users asked about as the run keeps them, give the same
 * user → time over generated hostile weeks.
 */

const week = parseIsoWeek('2026-W47');
const USERS = ['u1', 'u2', '__proto__', 'constructor', '', "x' OR '1'='1", '=1+1', 'ü-ser'];
/** Who the review asks about: the directory's users, one never seen in the evidence. */
const ASKED = [...USERS.filter((u) => u !== ''), 'absent'];
const FILTERS: AuditFilter[] = [{}, { actions: ['LoginSucceed', 'LoginFailed'], geos: ['US', '=cmd|x'] }];

const hostileEvent = fc.record({
  user: fc.constantFrom(...USERS),
  action: fc.constantFrom('LoginSucceed', 'LoginSucceed', 'LoginFailed', 'Logout'),
  method: fc.constantFrom('otp', 'password', 'Impersonate', '', 'impersonate'),
  geo: fc.constantFrom('US', 'FR', '=cmd|x'),
  ms: fc.integer({ min: 0, max: 5_000 }),
});

/** Weeks of logins, many at the same millisecond (a tie is one latest time, whichever record). */
function hostileWeeks(count: number): AuditRecord[][] {
  return fc
    .sample(fc.array(hostileEvent, { minLength: 10, maxLength: 50 }), { seed: 2121, numRuns: count })
    .map((events) =>
      events.map((e, i) => ({
        id: `l-${i}`,
        projectId: 'P2Stream',
        userId: e.user,
        action: e.action,
        occurred: week.from + e.ms,
        device: '',
        method: e.method,
        geo: e.geo,
        remoteAddress: '',
        loginIds: [],
        tenants: [],
        data: {},
        type: 'info',
        actorId: '',
      })),
    );
}

/** Rows as Athena's result stream gives them (a page of text and integer cells). */
const asAthenaResult = (rows: Array<{ userId: string; occurredMs: number }>) => ({
  results: () => ({
    columns: async () => [
      { name: 'userId', type: 'varchar' },
      { name: 'occurredMs', type: 'bigint' },
    ],
    chunks: (async function* () {
      yield rows.map((r) => [r.userId, r.occurredMs]);
    })(),
  }),
});

const sorted = (entries: Iterable<[string, number]>) =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('the latest logins on Athena', () => {
  it('equal DuckDB’s for the users asked about, over hostile weeks and filtered collections', async () => {
    let found = 0;
    const users = new Set<string>();
    for (const records of hostileWeeks(propertyRuns(8, 3)))
      for (const filter of FILTERS) {
        const where = filterConditions(filter);
        if (!where.ok) throw new Error(where.reason);
        // DuckDB reads the collection's evidence (its search applied); Athena, the whole stream.
        const collected = await openBothDialects(records.filter(auditFilterMatcher(filter)));
        const stream = await openBothDialects(records);
        try {
          const duckdb = await collected.duckDatabase.query(LATEST_LOGINS_SQL, latestLoginRowSchema, [ASKED]);
          const sql = latestLoginsTrino(where.where, { records: TRINO_TEST_RECORDS, tenants: [] });
          const rows = await stream.database.query(trinoOnDuckDb(sql), latestLoginRowSchema);
          // Read back as the run reads Athena's rows, kept to the users asked about.
          const trino = await athenaLatestLogins(asAthenaResult(rows), 'q-1', new Set(ASKED));
          expect(sorted(trino)).toEqual(sorted(duckdb.map((r) => [r.userId, r.occurredMs])));
          // One row a user, a missing user ID ('') among them (never asked about), never NULL.
          expect(new Set(rows.map((r) => r.userId)).size).toBe(rows.length);
          expect(trino.has('')).toBe(false);
          found += duckdb.length;
          for (const r of duckdb) users.add(r.userId);
        } finally {
          await collected.close();
          await stream.close();
        }
      }
    // Not vacuous: logins were found, hostile IDs among them.
    expect(found).toBeGreaterThan(20);
    for (const id of ['__proto__', 'constructor', "x' OR '1'='1", '=1+1']) expect(users).toContain(id);
  }, 60_000);
});
