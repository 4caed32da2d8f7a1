import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionState,
  type Row,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createAthenaQueryRunner } from '../../functions/adapters/athena-query-runner.js';
import { AthenaCostGuardError, AthenaQueryError } from '../../functions/shared/athena-errors.js';

const athena = mockClient(AthenaClient);
const sleeps: number[] = [];
const runner = (cutoff = 100_000_000) =>
  createAthenaQueryRunner(new AthenaClient({ region: 'eu-west-1' }), {
    workGroup: 'audit-reports',
    database: 'descope_audit',
    bytesScannedCutoff: cutoff,
    poll: { firstMs: 100, factor: 2, maxMs: 500 },
    maxWaitMs: 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
const status = (State: QueryExecutionState, extra: Record<string, unknown> = {}, bytes = 1234) => ({
  QueryExecution: {
    QueryExecutionId: 'q-1',
    Status: { State, ...extra },
    Statistics: { DataScannedInBytes: bytes },
  },
});
const row = (...values: Array<string | undefined>): Row => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});

afterAll(() => {
  athena.restore();
});
beforeEach(() => {
  athena.reset();
  sleeps.length = 0;
});

describe('the Athena query runner', () => {
  it('starts a statement in the workgroup and database, idempotent by token', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    expect(await runner().start('SELECT 1', 'run-2026-W47-failed-logins')).toBe('q-1');
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT 1',
      ClientRequestToken: 'run-2026-W47-failed-logins',
      WorkGroup: 'audit-reports',
      QueryExecutionContext: { Database: 'descope_audit', Catalog: 'AwsDataCatalog' },
    });
  });

  it('names a start Athena refuses', async () => {
    athena.on(StartQueryExecutionCommand).rejects(new Error('TooManyRequestsException'));
    await expect(runner().start('SELECT 1', 't')).rejects.toThrow(AthenaQueryError);
  });

  it('polls with backoff until the statement succeeds, and gives the bytes scanned', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(status('QUEUED'))
      .resolvesOnce(status('RUNNING'))
      .resolvesOnce(status('RUNNING'))
      .resolvesOnce(status('RUNNING'))
      .resolvesOnce(status('RUNNING'))
      .resolves(status('SUCCEEDED', {}, 52_428_800));
    expect(await runner().wait('q-1')).toEqual({ executionId: 'q-1', bytesScanned: 52_428_800 });
    expect(sleeps).toEqual([100, 200, 400, 500, 500]);
  });

  it('fails with Athena’s reason when the statement fails', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(
        status('FAILED', { StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved" }),
      );
    const error = await runner()
      .wait('q-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as AthenaQueryError).executionId).toBe('q-1');
    expect((error as Error).message).toBe(
      "Athena query q-1 failed: COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved",
    );
  });

  it('fails when the statement is cancelled', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(status('CANCELLED', { StateChangeReason: 'Query was cancelled by user' }));
    await expect(runner().wait('q-1')).rejects.toThrow(
      'Athena query q-1 cancelled: Query was cancelled by user',
    );
  });

  it('names the cutoff when the workgroup stops a statement at its bytes-scanned limit', async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      status('CANCELLED', {
        StateChangeReason: 'Query cancelled because it exceeded the bytes scanned limit of the workgroup',
      }),
    );
    await expect(runner(1_000_000).wait('q-1')).rejects.toThrow(AthenaCostGuardError);
  });

  it('refuses a statement that scanned more than the cutoff, before reading its results', async () => {
    athena.on(GetQueryExecutionCommand).resolves(status('SUCCEEDED', {}, 2_000_001));
    await expect(runner(2_000_000).wait('q-1')).rejects.toThrow(
      'Athena query q-1 scanned 2000001 bytes, over the cutoff of 2000000',
    );
  });

  it('stops waiting past its limit, naming the state', async () => {
    athena.on(GetQueryExecutionCommand).resolves(status('RUNNING'));
    await expect(runner().wait('q-1')).rejects.toThrow(/still RUNNING after \d+ ms/);
  });

  it('reads every page of results, header skipped once, integers as numbers and NULL as empty', async () => {
    const columns = [
      { Name: 'geo', Type: 'varchar' },
      { Name: 'failed_logins', Type: 'bigint' },
    ];
    const metadata = { ResultSetMetadata: { ColumnInfo: columns } };
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({
        ResultSet: { ...metadata, Rows: [row('geo', 'failed_logins'), row('KZ', '31')] },
        NextToken: 'p2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'p2' })
      .resolves({
        ResultSet: { ...metadata, Rows: [row('=HYPERLINK("x")', '9007199254740993'), row(undefined, '2')] },
        NextToken: 'p3',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'p3' })
      .resolves({ ResultSet: { ...metadata, Rows: [] } });
    const results = runner().results('q-1');
    expect(await results.columns()).toEqual([
      { name: 'geo', type: 'varchar' },
      { name: 'failed_logins', type: 'bigint' },
    ]);
    const rows = [];
    for await (const chunk of results.chunks) rows.push(...chunk);
    expect(rows).toEqual([
      ['KZ', 31],
      ['=HYPERLINK("x")', '9007199254740993'],
      ['', 2],
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
  });
});
