import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AthenaClient, GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAthenaQueryRunner } from '../../../functions/adapters/athena-query-runner.js';
import {
  type EvidenceDatabase,
  openEvidenceDatabase,
} from '../../../functions/adapters/duckdb-query-engine.js';
import { BUILTIN_QUERIES } from '../../../functions/core/catalog/builtin-queries.js';
import type { CollectionPlan } from '../../../functions/core/catalog/query-plan.js';
import { parseIsoWeek } from '../../../functions/core/period/period.js';
import {
  athenaCensus,
  athenaTenantTables,
} from '../../../functions/weekly-report/aggregate/athena-tenant-collections.js';
import type { StatementState } from '../../../functions/weekly-report/run-control/engine-state.js';

const week = parseIsoWeek('2026-W47');
const athena = mockClient(AthenaClient);
const runner = createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
  workGroup: 'wg',
  database: 'db',
  bytesScannedCutoff: 1e9,
  sleep: async () => {},
});
const byIp = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-by-ip');
const perDay = BUILTIN_QUERIES.find((q) => q.id === 'failed-logins-per-day');
let directory: string;
let db: EvidenceDatabase;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'athena-tenant-collections-'));
  db = await openEvidenceDatabase(undefined, directory, { threads: 1 });
});
afterAll(async () => {
  athena.restore();
  db.close();
  await rm(directory, { recursive: true, force: true });
});

const statement = (over: Partial<StatementState>): StatementState => ({
  token: 't',
  queryId: 'q',
  scope: 'tenants',
  kind: 'table',
  state: 'succeeded',
  executionId: 'e',
  ...over,
});

describe("a collection's tenant tables from Athena", () => {
  it('gives every reported tenant an empty table and a gap when Athena did not finish a statement', async () => {
    athena.reset();
    if (!byIp || !perDay) throw new Error('built-ins missing');
    const failed = statement({ executionId: 'q-9', state: 'failed', reason: 'SYNTAX_ERROR: injected' });
    const tables = await athenaTenantTables({
      runner,
      db,
      queries: [perDay, byIp],
      statements: new Map([
        // The table itself failed; the other's table finished but the totals it needs did not.
        [perDay.id, { table: failed }],
        [
          byIp.id,
          { table: statement({}), 'address-totals': statement({ state: 'failed', executionId: 'q-7' }) },
        ],
      ]),
      reported: ['T-a', 'T-quiet'],
      period: week,
      output: {},
    });
    expect([...tables.keys()]).toEqual(['T-a', 'T-quiet']);
    for (const results of tables.values()) {
      expect(results.map((r) => r.query.id)).toEqual([perDay.id, byIp.id]);
      expect(results.map((r) => r.records)).toEqual([0, 0]);
      expect(results.map((r) => r.gaps?.[0]?.reason)).toEqual([
        expect.stringMatching(
          /^Athena did not compute this tenant table \(query q-9: SYNTAX_ERROR: injected\)/,
        ),
        expect.stringMatching(/\(query q-7: /),
      ]);
      // Empty, never a partial table: the gap says why.
      expect(results[1]?.table.rows).toEqual([]);
    }
    // Nothing was read from Athena for a table it did not finish.
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });
});

describe("Athena's census of its collections", () => {
  const collections = [{ id: 'login-failures' }, { id: 'exports' }] as CollectionPlan[];

  it("adds each collection's counts, and stops when a census did not finish rather than choose without it", async () => {
    athena.reset();
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            { Name: 'tenant', Type: 'varchar' },
            { Name: 'records', Type: 'bigint' },
          ],
        },
        Rows: [
          { Data: [{ VarCharValue: 'tenant' }, { VarCharValue: 'records' }] },
          { Data: [{ VarCharValue: 'T-a' }, { VarCharValue: '3' }] },
        ],
      },
    });
    const added: string[][] = [];
    const add = async (tenants: string[], records: string[]) => {
      added.push([...tenants, ...records]);
    };
    const done = [
      statement({ kind: 'census', scope: 'project', queryId: 'login-failures', executionId: 'c-1' }),
      statement({ kind: 'census', scope: 'project', queryId: 'exports', executionId: 'c-2' }),
    ];
    const census = athenaCensus(runner, done, collections);
    expect([...census.collections]).toEqual(['login-failures', 'exports']);
    await census.addCensus(add);
    expect(added).toEqual([
      ['T-a', '3'],
      ['T-a', '3'],
    ]);
    const failed = [
      done[0] as StatementState,
      { ...(done[1] as StatementState), state: 'failed' as const, reason: 'cancelled' },
    ];
    await expect(athenaCensus(runner, failed, collections).addCensus(add)).rejects.toThrow(
      /did not count the tenants of collection exports \(query c-2: cancelled\)/,
    );
  });
});
