import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AthenaClient } from '@aws-sdk/client-athena';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAthenaQueryRunner } from '../../functions/adapters/athena-query-runner.js';
import { createS3StreamBucket } from '../../functions/adapters/s3-stream-bucket.js';
import type { QueryDefinition } from '../../functions/core/catalog/query-definition.js';
import { partitionSizes } from '../../functions/core/engine/athena-cost-guard.js';
import { type AthenaRunPlan, planAthenaRun } from '../../functions/core/engine/athena-run-plan.js';
import { unplacedEventGaps } from '../../functions/core/engine/unplaced-event-gaps.js';
import { parseIsoWeek } from '../../functions/core/period/period.js';
import { FIREHOSE_EVENTS_PATTERN } from '../../functions/core/stream/stream-layout.js';
import { type AthenaStandIn, startAthenaStandIn } from '../../functions/local/athena/athena-stand-in.js';
import { generateDemoWeek } from '../../functions/local/descope-api/demo-audit-data.js';
import { type S3StandIn, startS3StandIn } from '../../functions/local/s3-stand-in.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import { AthenaCostGuardError } from '../../functions/shared/athena-errors.js';
import { computeAthenaProjectTables } from '../../functions/weekly-report/aggregate/athena-project-tables.js';
import {
  athenaAddressTotals,
  athenaRecordCounts,
} from '../../functions/weekly-report/aggregate/athena-result-reads.js';
import { listPartitions } from '../../functions/weekly-report/collect/stream/stream-partitions.js';
import { type BothDialects, demoCatalogQueries, openBothDialects } from '../core/sql/trino/both-dialects.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const week = parseIsoWeek('2026-W47');
const PROJECT = 'P2LocalDemo0000000000000000000';
const BUCKET = 'athena-evidence';
const LATE_DAYS = 2;
const table = { database: 'descope_audit', table: 'stream_events' };
const records = generateDemoWeek(week.from, PROJECT);

let directory: string;
let s3StandIn: S3StandIn;
let s3: S3Client;
let athena: AthenaStandIn;
let both: BothDialects;
let queries: QueryDefinition[];

const runnerFor = (endpoint: string, cutoff = 1e12) =>
  createAthenaQueryRunner(
    new AthenaClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
    {
      workGroup: 'wg',
      database: table.database,
      bytesScannedCutoff: cutoff,
      poll: { firstMs: 5, factor: 2, maxMs: 50 },
    },
  );

async function plan(): Promise<Extract<AthenaRunPlan, { ok: true }>> {
  const bucket = createS3StreamBucket({ client: s3, bucket: BUCKET });
  const listed = await listPartitions(bucket, FIREHOSE_EVENTS_PATTERN, PROJECT, week, LATE_DAYS);
  const planned = planAthenaRun({
    runId: '2026-W47-athena',
    queries,
    period: week,
    tenants: undefined,
    table,
    lateDays: LATE_DAYS,
    sizes: partitionSizes(listed.objects),
    cutoffBytes: 1e12,
  });
  if (!planned.ok) throw new Error(planned.problem);
  expect(planned.bytesPerStatement).toBeGreaterThan(0);
  return planned;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'athena-stand-in-'));
  s3StandIn = await startS3StandIn(join(directory, 's3'), BUCKET);
  s3 = standInS3Client(s3StandIn.endpoint);
  await seedStreamObjects(s3, BUCKET, records, {
    layout: 'firehose',
    projectId: PROJECT,
    // Six hours an object: a few dozen objects, late and repeated ones among them.
    batchMs: 6 * 3_600_000,
    duplicateEvery: 40,
    lateEvery: 9,
  });
  athena = await startAthenaStandIn({
    s3,
    bucket: BUCKET,
    ...table,
    workGroup: 'wg',
    bytesScannedCutoff: 1e12,
  });
  queries = await demoCatalogQueries();
  both = await openBothDialects(records);
}, 120_000);
afterAll(async () => {
  await athena?.close();
  await both?.close();
  await s3StandIn?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('a run’s Athena statements, through the Athena protocol on loopback', () => {
  it('compute every planned project table with the DuckDB path’s bytes, scanning the listed partitions; with every execution, the cost and athena.sql', async () => {
    const planned = await plan();
    const project = planned.statements.filter((s) => s.scope === 'project' && s.kind === 'table');
    expect(project.length).toBeGreaterThan(10);
    // The tables as a run computes them on Athena: each statement through computeAthenaTable and
    // the same table sinks as DuckDB's.
    const computed = await computeAthenaProjectTables({
      runner: runnerFor(athena.endpoint),
      db: both.database,
      plan: planned,
      queries,
      period: week,
      lateDays: LATE_DAYS,
      output: { directory: join(directory, 'athena') },
      workGroup: 'wg',
      reason: 'engine is set to athena',
    });
    const tables = await both.duckdbTables(
      project.map((s) => queries.find((q) => q.id === s.queryId) as QueryDefinition),
      week,
      { directory: join(directory, 'duckdb') },
    );
    expect(computed.project.map((r) => r.query.id)).toEqual(project.map((s) => s.queryId));
    expect(computed.gaps).toEqual([]);
    const statements = computed.engine.statements ?? [];
    expect(statements.map((s) => s.queryId)).toEqual(['unplaced-events', ...project.map((s) => s.queryId)]);
    for (const [i, result] of computed.project.entries()) {
      const id = result.query.id;
      expect({ id, bytes: statements[i + 1]?.bytesScanned }).toEqual({
        id,
        bytes: planned.bytesPerStatement,
      });
      expect({ id, csv: await readFile(result.csv?.path ?? '', 'utf8') }).toEqual({
        id,
        csv: await readFile(tables.get(id)?.csv?.path ?? '', 'utf8'),
      });
    }
    expect(new Set(statements.map((s) => s.executionId)).size).toBe(statements.length);
    expect(computed.engine.bytesScanned).toBe(planned.bytesPerStatement * statements.length);
    expect(computed.engine.costUsd).toBeGreaterThan(0);
    for (const s of statements)
      expect(computed.script).toContain(`execution ${s.executionId}, ${s.bytesScanned} bytes scanned`);
    const lockouts = computed.project.find((r) => r.query.id === 'lockouts');
    expect(lockouts?.records).toBe(tables.get('lockouts')?.records);
    expect(lockouts?.table).toEqual(tables.get('lockouts')?.table);
  }, 300_000);

  it("reads the address totals a finding reads and an expansion's record count equal to DuckDB's", async () => {
    const planned = await plan();
    const extra = planned.statements.filter((s) => s.scope === 'project' && s.kind !== 'table');
    expect(extra.map((s) => `${s.queryId}/${s.kind}`).sort()).toEqual([
      'failed-logins-by-hour/record-count',
      'failed-logins-by-ip/address-totals',
      'impossible-travel/record-count',
      'logins-without-mfa/record-count',
      'role-changes-not-understood/record-count',
      'role-grants/record-count',
      'role-revocations/record-count',
    ]);
    const runner = runnerFor(athena.endpoint);
    const tables = await both.duckdbTables(
      [...new Set(extra.map((s) => s.queryId))].map(
        (id) => queries.find((q) => q.id === id) as QueryDefinition,
      ),
      week,
      {},
    );
    for (const statement of extra) {
      const query = queries.find((q) => q.id === statement.queryId) as QueryDefinition;
      const expected = tables.get(query.id);
      const executionId = await runner.start(statement.statement.sql, statement.token);
      // Waits until it succeeded (a failure throws, naming Athena's reason).
      await runner.wait(executionId);
      if (statement.kind === 'address-totals') {
        const totals = (await athenaAddressTotals(runner, executionId))('');
        expect(totals.addresses).toBeGreaterThan(0);
        // The rows' and countries' order is each engine's own (the finding sorts both).
        const byAddress = (t: typeof totals | undefined) =>
          t && {
            ...t,
            heavy: t.heavy
              .map((h) => ({ ...h, geos: [...h.geos].sort() }))
              .sort((a, b) => a.address.localeCompare(b.address)),
          };
        expect(byAddress(totals)).toEqual(byAddress(expected?.addressTotals));
      } else expect((await athenaRecordCounts(runner, executionId)).get('')).toBe(expected?.records);
    }
  }, 300_000);

  it('starts a statement once per request token (a continued invocation reuses the execution)', async () => {
    const runner = runnerFor(athena.endpoint);
    const before = athena.started.length;
    const first = await runner.start('SELECT 1 AS one', 'token-reused-0000000000000000000000');
    const again = await runner.start('SELECT 1 AS one', 'token-reused-0000000000000000000000');
    expect(again).toBe(first);
    expect(athena.started.length).toBe(before + 1);
  });

  it('reports events whose occurred it cannot read as a gap, after they were counted by Athena', async () => {
    const runner = runnerFor(athena.endpoint);
    const count = async (token: string) => {
      const planned = await plan();
      const id = await runner.start(planned.unplaced.sql, token);
      await runner.wait(id);
      const rows: Array<{ day: string; events: number }> = [];
      for await (const chunk of runner.results(id).chunks)
        for (const [day, events] of chunk) rows.push({ day: String(day), events: Number(events) });
      return rows;
    };
    expect(await count('unplaced-before-000000000000000000000')).toEqual([]);
    const envelope = {
      'detail-type': 'Descope Audit Event',
      detail: { ID: 'bad', action: 'LoginFailed', occurred: 'soon' },
    };
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'stream/events/dt=2026-11-20/DescopeAuditStream-bad.gz',
        Body: gzipSync(`${JSON.stringify(envelope)}\n`),
      }),
    );
    const rows = await count('unplaced-after-0000000000000000000000');
    expect(rows).toEqual([{ day: '2026-11-20', events: 1 }]);
    expect(unplacedEventGaps(rows, week, LATE_DAYS).map((g) => g.reason)).toEqual([
      expect.stringMatching(/^1 stream event\(s\) in partition dt=2026-11-20 have no readable occurred time/),
    ]);
  }, 60_000);

  it('fails a statement over the workgroup cutoff as Athena does, named as the cost guard', async () => {
    const tight = await startAthenaStandIn({
      s3,
      bucket: BUCKET,
      ...table,
      workGroup: 'wg',
      bytesScannedCutoff: 1000,
    });
    try {
      const runner = runnerFor(tight.endpoint);
      const planned = await plan();
      const id = await runner.start(planned.unplaced.sql, 'over-the-cutoff-00000000000000000000');
      await expect(runner.wait(id)).rejects.toBeInstanceOf(AthenaCostGuardError);
    } finally {
      await tight.close();
    }
  }, 60_000);
});
