import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineFacts } from '../../functions/core/engine/engine-facts.js';
import { DAY_MS, previousCompleteWeek } from '../../functions/core/period/period.js';
import { type AthenaStandIn, startAthenaStandIn } from '../../functions/local/athena/athena-stand-in.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import { generateDemoDirectory } from '../../functions/local/descope-api/demo-directory.js';
import { createDemoPopulation } from '../../functions/local/descope-api/demo-population.js';
import {
  LOCAL_BUCKET,
  LOCAL_MANAGEMENT_KEY,
  LOCAL_PROJECT_ID,
} from '../../functions/local/local-environment.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { createReportHandler } from '../../functions/weekly-report/entry/handler.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../support/lambda-environment.js';
import { readObject, withoutSourceFacts } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const now = Date.parse('2026-11-25T10:00:00Z');
const week = previousCompleteWeek(now);
const prefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
/**
 * The report bucket (the only one whose stand-in honours conditional writes) holds the continued
 * run, in which one statement fails.
 */
const BUCKETS = {
  duckdb: 'descope-audit-reports-duckdb',
  athena: 'descope-audit-reports-athena',
  continued: LOCAL_BUCKET,
};
const TABLE = { database: 'descope_audit', table: 'stream_events' };
const records = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });

let aws: LambdaTestEnvironment;
let s3: S3Client;
let common: Record<string, string>;
const athena = new Map<string, AthenaStandIn>();

beforeAll(async () => {
  // The demo directory: the access review asks for its users' latest logins.
  const directory = generateDemoDirectory({ population: createDemoPopulation(), records, at: week.to, now });
  aws = await startLambdaTestEnvironment(
    records,
    6000,
    [BUCKETS.duckdb, BUCKETS.athena],
    undefined,
    directory,
  );
  s3 = standInS3Client(aws.local.s3.endpoint);
  const nearWeek = records.filter(
    (r) => r.occurred >= week.from - 2 * DAY_MS && r.occurred < week.to + 2 * DAY_MS,
  );
  const workGroup = 'reports';
  // Seeded at once: each bucket's objects are written while the others' requests wait on s3rver.
  await Promise.all(
    Object.values(BUCKETS).map(async (bucket) => {
      await seedStreamObjects(s3, bucket, nearWeek, {
        layout: 'firehose',
        projectId: LOCAL_PROJECT_ID,
        batchRecords: 400,
        // Six hours an object: some fifty objects, late and repeated ones among them, not a thousand.
        batchMs: 6 * 3_600_000,
        duplicateEvery: 50,
        lateEvery: 7,
      });
      athena.set(
        bucket,
        await startAthenaStandIn({ s3, bucket, ...TABLE, workGroup, bytesScannedCutoff: 1e12 }),
      );
    }),
  );
  // The demo catalog without tenant reports (athena-tenant-reports.e2e.test.ts runs them on Athena).
  const catalog = JSON.parse(await readFile('functions/local/demo-report-catalog.json', 'utf8'));
  common = {
    ...aws.env,
    REPORT_QUERIES: JSON.stringify({ ...catalog, tenants: { enabled: false } }),
    REPORT_SOURCE: 'stream',
  };
}, 120_000);

afterAll(async () => {
  for (const standIn of athena.values()) await standIn.close();
  await aws?.close();
});

/** Built-ins the continued run leaves out. */
const LEFT_OUT = [
  'role-grants',
  'role-revocations',
  'role-changes-not-understood',
  'permission-changes',
  'access-keys',
  'scim-provisioning',
  'scim-failures',
  // DuckDB's share (sandboxes, the 180-day history): the first test covers it. The logins by
  // method stay: the access review's latest logins are read from their collection.
  'logins-without-mfa',
  'impossible-travel',
  'dormant-privileged-accounts',
];

const athenaEnv = (bucket: string) => ({
  ...common,
  REPORT_BUCKET: bucket,
  REPORT_ENGINE: 'athena',
  ATHENA_WORKGROUP: 'reports',
  ATHENA_DATABASE: TABLE.database,
  AWS_ENDPOINT_URL_ATHENA: athena.get(bucket)?.endpoint ?? '',
});
const cli = (env: Record<string, string>) =>
  runCli(
    ['--week', week.label],
    { ...env, DESCOPE_MANAGEMENT_KEY: LOCAL_MANAGEMENT_KEY },
    {
      print: () => {},
      error: () => {},
      now: () => now,
    },
  );

async function folder(bucket: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      const name = (o.Key ?? '').slice(prefix.length);
      files.set(name, await readObject(s3, bucket, o.Key ?? ''));
    }
    token = page.NextContinuationToken;
  } while (token);
  return files;
}

/** A file as compared across engines: the engine statement (and the source's, naming the bucket) out. */
function comparable(name: string, body: Buffer, bucket: string): string {
  if (name.endsWith('summary.json')) {
    const {
      engine: _engine,
      source: _source,
      ...rest
    } = JSON.parse(body.toString()) as Record<string, unknown>;
    return JSON.stringify(rest).replaceAll(bucket, '<bucket>');
  }
  return withoutSourceFacts(name, body).toString('utf8').replaceAll(bucket, '<bucket>');
}

/** Where two texts first differ, with some context. */
function where(x: string, y: string): string {
  let at = 0;
  while (at < x.length && x[at] === y[at]) at += 1;
  return `${JSON.stringify(x.slice(Math.max(0, at - 60), at + 60))} / ${JSON.stringify(y.slice(Math.max(0, at - 60), at + 60))}`;
}

describe('a stream week computed on Athena (the stand-in, through the real client)', () => {
  it('stores the same report files as DuckDB, with athena.sql and the engine stated', async () => {
    // At once: DuckDB computes while the Athena run waits on its statements. The access review
    // on: it reads users' latest logins from Athena's statement over successful logins.
    const [duckdb, onAthena] = await Promise.all([
      cli({ ...common, REPORT_BUCKET: BUCKETS.duckdb }),
      cli(athenaEnv(BUCKETS.athena)),
    ]);
    expect(duckdb?.complete).toBe(true);
    expect(onAthena?.complete).toBe(true);

    const engine = onAthena?.data.engine as EngineFacts;
    expect(engine.engine).toBe('athena');
    const computed = (engine.statements ?? []).filter((s) => s.queryId !== 'unplaced-events');
    expect(computed.length).toBeGreaterThan(2);
    expect(engine.statements?.every((s) => s.executionId !== '' && s.failure === undefined)).toBe(true);
    expect(engine.bytesScanned).toBeGreaterThan(0);
    // The project's role-change expansions computed on Athena, with their record counts read back
    // equal to DuckDB's.
    const ran = (id: string) => computed.filter((s) => s.queryId === id).map((s) => s.kind ?? 'table');
    for (const id of ['role-grants', 'role-revocations', 'role-changes-not-understood'])
      expect(ran(id)).toEqual(['table', 'record-count']);
    const onDuckDb = new Map(engine.onDuckDb?.map((c) => [c.collection, c.reason]));
    expect(onDuckDb.has('role-changes')).toBe(false);
    // Login failures on Athena too: failed-logins-by-hour (SQL) reads records carrying the
    // collection's filter.
    expect(onDuckDb.has('login-failures')).toBe(false);
    expect(ran('failed-logins-by-hour')).toEqual(['table', 'record-count']);
    expect(ran('failed-logins-by-ip')).toEqual(['table', 'address-totals']);
    // Every successful login on Athena: the stream's SQL over them runs as Trino statements.
    expect(onDuckDb.get('successful-logins')).toBeUndefined();
    expect(ran('successful-logins-by-method')).toEqual(['table']);
    expect(ran('successful-logins')).toEqual(['latest-logins']);
    for (const id of ['logins-without-mfa', 'impossible-travel'])
      expect(ran(id)).toEqual(['table', 'record-count']);
    expect([...onDuckDb.keys()]).toEqual(['privileged-history']);
    expect(onDuckDb.get('privileged-history')).toMatch(/reaches back 180 days/);
    const result = (run: typeof duckdb, id: string) => run?.data.results.find((r) => r.query.id === id);
    for (const id of ['role-grants', 'role-revocations', 'role-changes-not-understood'])
      expect(result(onAthena, id)?.records).toBe(result(duckdb, id)?.records);
    expect(result(onAthena, 'role-grants')?.records).toBeGreaterThan(0);
    // Exactly the planned statements ran, each once.
    expect(athena.get(BUCKETS.athena)?.requests.get('StartQueryExecution')).toBe(engine.statements?.length);

    const a = await folder(BUCKETS.duckdb);
    const b = await folder(BUCKETS.athena);
    const tables = [...a.keys()].filter((n) => n.endsWith('.csv'));
    for (const s of computed.filter((s) => s.kind !== 'latest-logins'))
      expect(tables).toContain(`${s.queryId}.csv`);
    // Not vacuous: the demo week has users without MFA and impossible travel (compared below).
    for (const id of ['logins-without-mfa', 'impossible-travel'])
      expect(b.get(`${id}.csv`)?.toString().trim().split('\n').length).toBeGreaterThan(1);
    const differences = [...new Set([...a.keys(), ...b.keys()])]
      // Run records (the checkpoint holds the engine state, delivery the bucket's links) aside.
      .filter(
        (name) => !['athena.sql', 'manifest.json', 'delivery.json', 'collection-state.json'].includes(name),
      )
      .filter((name) => {
        const x = a.get(name);
        const y = b.get(name);
        return !x || !y || comparable(name, x, BUCKETS.duckdb) !== comparable(name, y, BUCKETS.athena);
      })
      .map(
        (name) =>
          `${name}: ${where(comparable(name, a.get(name) ?? Buffer.alloc(0), BUCKETS.duckdb), comparable(name, b.get(name) ?? Buffer.alloc(0), BUCKETS.athena))}`,
      );
    expect(differences).toEqual([]);

    // Not vacuous: the review's snapshot (compared above) holds logins seen in the week's evidence.
    const snapshot = JSON.parse(b.get('access/snapshot.json')?.toString() ?? '{}') as {
      users: Array<{ lastLoginSeen?: number }>;
    };
    const seen = snapshot.users.filter((u) => (u.lastLoginSeen ?? 0) >= week.from);
    expect(seen.length).toBeGreaterThan(0);

    const script = b.get('athena.sql')?.toString() ?? '';
    for (const s of engine.statements ?? []) expect(script).toContain(`execution ${s.executionId}`);
    const manifest = JSON.parse(b.get('manifest.json')?.toString() ?? '{}') as {
      files: Array<{ name: string }>;
    };
    expect(manifest.files.map((f) => f.name)).toContain('athena.sql');
    expect(b.get('report.html')?.toString()).toContain('<dt>Computed by</dt><dd>Amazon Athena');
    expect(a.get('report.html')?.toString()).not.toContain('Computed by');
    const summary = JSON.parse(b.get('summary.json')?.toString() ?? '{}');
    expect(summary.engine.statements.map((s: { executionId: string }) => s.executionId)).toEqual(
      engine.statements?.map((s) => s.executionId),
    );
  }, 300_000);

  it('hands over while Athena computes, resumes the same executions by ID, and turns a failed statement into a gap', async () => {
    const standIn = athena.get(BUCKETS.continued) as AthenaStandIn;
    // A table's statement and the access review's latest logins fail.
    standIn.failWhen((sql) =>
      sql.includes("'AcmeExportRequested'") || sql.includes('max("occurredMs") AS "occurredMs"')
        ? 'SYNTAX_ERROR: line 1:1: injected'
        : undefined,
    );
    standIn.hold();
    // The continuation does not depend on what the statements compute: the costly role-change
    // expansions and the collections DuckDB computes are left out (the first test computes them);
    // a dozen statements remain.
    const handler = createReportHandler({
      ...athenaEnv(BUCKETS.continued),
      REPORT_QUERIES: JSON.stringify({ ...JSON.parse(common.REPORT_QUERIES ?? '{}'), disable: LEFT_OUT }),
    });
    // Time "runs out" once statements are running: each invocation looks once, then hands over.
    const context = (id: string) =>
      ({
        functionName: 'DescopeAuditReport-weekly-report',
        awsRequestId: id,
        getRemainingTimeInMillis: () => (standIn.started.length > 0 ? 1_000 : 900_000),
      }) as unknown as Context;
    const first = await handler({ scheduledTime: new Date(now).toISOString() }, context('req-1'));
    expect(first.status).toBe('continuing');
    const checkpoint = JSON.parse(
      (await readObject(s3, BUCKETS.continued, `${prefix}collection-state.json`)).toString(),
    );
    const statements = checkpoint.engine.statements as Array<{ executionId?: string; state: string }>;
    expect(checkpoint.engine.engine).toBe('athena');
    // A few at a time: the first ones are running, their IDs saved; the rest wait their turn.
    const started = statements.filter((s) => s.executionId !== undefined);
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((s) => s.state === 'running')).toBe(true);
    expect(standIn.requests.get('StartQueryExecution')).toBe(started.length);

    standIn.release();
    let result = first;
    // Each invocation looks once and hands over; a continuation starts a moment later, as on Lambda.
    for (let i = 2; result.status === 'continuing' && i < 400; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = aws.lambda.queued.shift();
      result = await handler(next?.payload, context(`req-${i}`));
    }
    // The failed statement is a gap, never a zero or a crash: the run finishes, incomplete.
    expect(result).toMatchObject({ status: 'finished', complete: false });
    // Resumed, never started again: each statement started exactly once, the first ones by the
    // first invocation, under the IDs it saved.
    expect(standIn.requests.get('StartQueryExecution')).toBe(statements.length);
    const summary = JSON.parse((await readObject(s3, BUCKETS.continued, `${prefix}summary.json`)).toString());
    const ran = summary.engine.statements as Array<{
      queryId: string;
      executionId: string;
      failure?: string;
    }>;
    expect(ran.slice(0, started.length).map((s) => s.executionId)).toEqual(started.map((s) => s.executionId));
    // Only the failed statement failed; the others Athena computed stand, complete.
    // (Impersonations may hold successful logins too: DuckDB asks that collection as well.)
    expect(ran.filter((s) => s.failure !== undefined).map((s) => s.queryId)).toEqual([
      'data-exports',
      'impersonations',
      'successful-logins',
    ]);
    // The review states the logins it could not read, never a silent "no login".
    const rules = summary.findingRules as Array<{ rule: string; status: string }>;
    const dormant = rules.find((r) => r.rule === 'dormant-privileged-user')?.status;
    expect(dormant).toMatch(/^evaluated on incomplete data: Athena did not compute the latest logins in /);
    expect(dormant).toMatch(/latest logins in successful-logins \(query [0-9a-f-]+: .*SYNTAX_ERROR/);
    const html = (await readObject(s3, BUCKETS.continued, `${prefix}report.html`)).toString();
    expect(html).toContain('Athena did not compute the latest logins in successful-logins');
    const queries = summary.queries as Array<{
      id: string;
      complete: boolean;
      rows: number;
      gaps: Array<{ reason: string }>;
    }>;
    const byId = new Map(queries.map((q) => [q.id, q]));
    expect(byId.get('failed-logins-per-day')?.complete).toBe(true);
    const exports = byId.get('data-exports');
    expect(exports?.complete).toBe(false);
    expect(exports?.rows).toBe(0);
    expect(exports?.gaps.map((g) => g.reason)).toEqual([
      expect.stringMatching(
        /^Athena did not compute this table \(query [0-9a-f-]+: Athena query .* failed: SYNTAX_ERROR/,
      ),
    ]);
  }, 300_000);
});
