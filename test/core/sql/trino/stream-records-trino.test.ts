import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionDays } from '../../../../functions/core/engine/athena-cost-guard.js';
import { unplacedEventGaps } from '../../../../functions/core/engine/unplaced-event-gaps.js';
import { parseIsoWeek } from '../../../../functions/core/period/period.js';
import {
  streamRecordsTrino,
  streamUnplacedTrino,
} from '../../../../functions/core/sql/trino/stream-records-trino.js';
import {
  TRINO_ON_DUCKDB_MACROS,
  trinoOnDuckDb,
} from '../../../../functions/core/sql/trino/trino-on-duckdb.js';

const week = parseIsoWeek('2026-W47');
const table = { database: 'descope_audit', table: 'stream_events' };
const days = partitionDays(week, 1);
const inWeek = Date.parse('2026-11-18T10:00:00Z');

/** Stream envelopes as the Glue table reads them: `detail` as JSON text, the partition `dt`. */
const events: Array<[string, Record<string, unknown>]> = [
  ['2026-11-18', { ID: 'number', action: 'LoginFailed', occurred: inWeek }],
  ['2026-11-18', { id: 'digits', action: 'LoginFailed', occurred: String(inWeek + 1) }],
  ['2026-11-18', { auditId: 'iso', action: 'LoginFailed', occurred: '2026-11-18T10:00:00.002Z' }],
  ['2026-11-18', { ID: 'before', action: 'LoginFailed', occurred: Date.parse('2026-11-15T23:59:59Z') }],
  ['2026-11-19', { ID: 'words', action: 'LoginFailed', occurred: 'last tuesday' }],
  ['2026-11-19', { ID: 'missing', action: 'LoginFailed' }],
  ['2026-11-23', { ID: 'object', action: 'LoginFailed', occurred: { ms: inWeek } }],
  ['2026-11-30', { ID: 'unlisted-day', action: 'LoginFailed', occurred: 'never' }],
];

describe('the stream relation of an Athena run, on DuckDB through the Trino layer', () => {
  let instance: DuckDBInstance;
  const rows = async (sql: string) => {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(trinoOnDuckDb(sql))).getRowObjectsJson();
    } finally {
      connection.closeSync();
    }
  };

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    for (const macro of TRINO_ON_DUCKDB_MACROS) await connection.run(macro);
    await connection.run('CREATE SCHEMA descope_audit');
    await connection.run('CREATE TABLE descope_audit.stream_events (detail VARCHAR, dt VARCHAR)');
    for (const [dt, detail] of events)
      await connection.run('INSERT INTO descope_audit.stream_events VALUES ($1, $2)', [
        JSON.stringify(detail),
        dt,
      ]);
    connection.closeSync();
  });
  afterAll(() => instance?.closeSync());

  it('places events by a number, a digit string or an ISO time, within the period', async () => {
    const records = await rows(`SELECT id FROM (${streamRecordsTrino(table, week, days)}) ORDER BY id`);
    expect(records.map((r) => r.id)).toEqual(['digits', 'iso', 'number']);
  });

  it('counts, per listed day, the events whose occurred it cannot read, so the run reports them as gaps', async () => {
    const unplaced = (await rows(streamUnplacedTrino(table, days))).map((r) => ({
      day: String(r.day),
      events: Number(r.events),
    }));
    expect(unplaced).toEqual([
      { day: '2026-11-19', events: 2 },
      { day: '2026-11-23', events: 1 },
    ]);
    const gaps = unplacedEventGaps(unplaced, week, 1);
    expect(gaps.map((g) => [new Date(g.from).toISOString(), new Date(g.to).toISOString()])).toEqual([
      ['2026-11-18T00:00:00.000Z', '2026-11-20T00:00:00.000Z'],
      ['2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ]);
  });
});
