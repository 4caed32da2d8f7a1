import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, previousCompleteWeek } from '../../functions/core/period/period.js';
import { type AthenaStandIn, startAthenaStandIn } from '../../functions/local/athena/athena-stand-in.js';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_BUCKET,
  LOCAL_MANAGEMENT_KEY,
  LOCAL_PROJECT_ID,
} from '../../functions/local/local-environment.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { createReportHandler } from '../../functions/weekly-report/entry/handler.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { type LambdaTestEnvironment, startLambdaTestEnvironment } from '../support/lambda-environment.js';
import { readObject, withoutSourceFacts } from '../support/report-folder-diff.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const now = Date.parse('2026-11-25T10:00:00Z');
const week = previousCompleteWeek(now);
const prefix = `reports/${LOCAL_PROJECT_ID}/${week.label}/`;
/** DuckDB's run in its own bucket; Athena's continued run in the report bucket (conditional writes). */
const BUCKETS = { duckdb: 'descope-audit-reports-tenants-duckdb', athena: LOCAL_BUCKET };
const TABLE = { database: 'descope_audit', table: 'stream_events' };
/** A tenant with recipients: reported, and named in every tenants statement Athena runs. */
const ACME = 'T2aQ8dJ0kLmN3pR5sT7vW9xY1z';
/** A reported tenant without a record this week (it has recipients). */
const QUIET = 'T-quiet-tenant';
/** Tenant IDs an attacker could put in events: refused as folders by both engines alike. */
const HOSTILE = [`../${ACME}`, "T9' OR '1'='1", 'T-\u202e-evil'];
const records = [
  ...generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
  // Failed logins naming a real tenant beside hostile ones (the real one counts them, with the others removed).
  ...HOSTILE.flatMap((id, i) =>
    [0, 1, 2].map((n) =>
      auditRecord({
        projectId: LOCAL_PROJECT_ID,
        occurred: week.from + (i * 3 + n + 1) * 3_600_000,
        tenants: n === 0 ? [id, ACME] : [id],
        remoteAddress: `198.51.100.${i + 1}`,
      }),
    ),
  ),
];

let aws: LambdaTestEnvironment;
let s3: S3Client;
let common: Record<string, string>;
let standIn: AthenaStandIn;

beforeAll(async () => {
  aws = await startLambdaTestEnvironment(records, 6000, [BUCKETS.duckdb]);
  s3 = standInS3Client(aws.local.s3.endpoint);
  // In time order, as the stream delivers them.
  const nearWeek = records
    .filter((r) => r.occurred >= week.from - 2 * DAY_MS && r.occurred < week.to + 2 * DAY_MS)
    .sort((x, y) => x.occurred - y.occurred);
  // Half a day an object: some twenty objects, late and repeated events among them.
  for (const bucket of Object.values(BUCKETS))
    await seedStreamObjects(s3, bucket, nearWeek, {
      layout: 'firehose',
      projectId: LOCAL_PROJECT_ID,
      batchRecords: 1000,
      batchMs: DAY_MS / 2,
      duplicateEvery: 50,
      lateEvery: 7,
    });
  standIn = await startAthenaStandIn({
    s3,
    bucket: BUCKETS.athena,
    ...TABLE,
    workGroup: 'reports',
    bytesScannedCutoff: 1e12,
  });
  // A lean catalog: login failures (Athena: group, series, address totals, tenants), the custom
  // exports (Athena: rows), role changes (DuckDB: a tenant's expansion has no Trino form).
  const demo = JSON.parse(await readFile('functions/local/demo-report-catalog.json', 'utf8'));
  const catalog = {
    ...demo,
    queries: demo.queries.filter((q: { id: string }) => q.id === 'data-exports'),
    disable: [
      'role-revocations',
      'role-changes-not-understood',
      'user-lifecycle',
      'access-keys',
      'scim-provisioning',
      'scim-failures',
      'permission-changes',
      'failed-logins-by-method',
      'failed-logins-by-device',
      'failed-logins-by-login-id',
      'lockouts',
      'impersonations',
      'successful-logins-by-method',
      'logins-without-mfa',
      'impossible-travel',
      'dormant-privileged-accounts',
    ],
    // Four tenants at most: the three with recipients, then the busiest other; one left unreported.
    tenants: {
      ...demo.tenants,
      recipients: { ...demo.tenants.recipients, [QUIET]: ['q@example.com'] },
      maxReports: 4,
    },
  };
  common = { ...aws.env, REPORT_QUERIES: JSON.stringify(catalog), REPORT_SOURCE: 'stream' };
}, 120_000);

afterAll(async () => {
  await standIn?.close();
  await aws?.close();
});

/** A manifest as compared: the hashes of the two files stating the collection source (compared without it) aside. */
function stated(name: string, text: string): string {
  if (!name.endsWith('manifest.json')) return text;
  const manifest = JSON.parse(text) as { files: Array<{ name: string; bytes?: number; sha256?: string }> };
  for (const file of manifest.files)
    if (file.name === 'report.html' || file.name === 'summary.json') {
      file.bytes = undefined;
      file.sha256 = undefined;
    }
  return JSON.stringify(manifest);
}

async function folder(bucket: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) {
      const name = (o.Key ?? '').slice(prefix.length);
      const body = withoutSourceFacts(name, await readObject(s3, bucket, o.Key ?? ''));
      files.set(name, stated(name, body.toString('utf8').replaceAll(bucket, '<bucket>')));
    }
    token = page.NextContinuationToken;
  } while (token);
  return files;
}

const checkpointOf = async () =>
  JSON.parse((await readObject(s3, BUCKETS.athena, `${prefix}collection-state.json`)).toString()).engine as {
    tenants?: string[];
    statements: Array<{ token: string; scope: string; kind: string; state: string; executionId?: string }>;
  };

describe('tenant reports computed on Athena (the stand-in, through the real client)', () => {
  it("stores every tenant's folder as DuckDB does, keeping its plan across a continuation in the tenants' round", async () => {
    const handler = createReportHandler({
      ...common,
      REPORT_BUCKET: BUCKETS.athena,
      REPORT_ENGINE: 'athena',
      ATHENA_WORKGROUP: 'reports',
      ATHENA_DATABASE: TABLE.database,
      AWS_ENDPOINT_URL_ATHENA: standIn.endpoint,
    });
    // Time "runs out" once a tenants statement (naming a chosen tenant) has started: the ones after
    // it are held running, and the invocation hands over in the middle of the second round.
    const inTenantsRound = () => standIn.started.some((sql) => sql.includes(`'${ACME}'`));
    const context = (id: string) =>
      ({
        functionName: 'DescopeAuditReport-weekly-report',
        awsRequestId: id,
        getRemainingTimeInMillis: () => {
          if (!inTenantsRound()) return 900_000;
          standIn.hold();
          return 1_000;
        },
      }) as unknown as Context;
    const [duckdb, first] = await Promise.all([
      runCli(
        ['--week', week.label],
        { ...common, REPORT_BUCKET: BUCKETS.duckdb, DESCOPE_MANAGEMENT_KEY: LOCAL_MANAGEMENT_KEY },
        { print: () => {}, error: () => {}, now: () => now },
      ),
      handler({ scheduledTime: new Date(now).toISOString() }, context('req-1')),
    ]);
    expect(duckdb?.complete).toBe(true);
    expect(first.status).toBe('continuing');
    const paused = await checkpointOf();
    // The census round ended; the tenants were chosen and saved; the tenants' round is under way.
    expect(paused.statements.filter((s) => s.kind === 'census').every((s) => s.state === 'succeeded')).toBe(
      true,
    );
    expect(paused.tenants).toEqual(expect.arrayContaining([ACME, QUIET]));
    expect(paused.tenants).toHaveLength(4);
    const round = paused.statements.filter((s) => s.scope === 'tenants');
    expect(round.some((s) => s.state === 'running')).toBe(true);
    expect(round.some((s) => s.state !== 'succeeded')).toBe(true);

    standIn.release();
    let result = first;
    for (let i = 2; result.status === 'continuing' && i < 200; i += 1) {
      const next = aws.lambda.queued.shift();
      result = await handler(next?.payload, context(`req-${i}`));
      standIn.release();
    }
    expect(result).toMatchObject({ status: 'finished', complete: true });
    // The plan kept: the same tenants, the same statements, each started exactly once.
    const done = await checkpointOf();
    expect(done.tenants).toEqual(paused.tenants);
    expect(done.statements.map((s) => s.token)).toEqual(paused.statements.map((s) => s.token));
    expect(done.statements.every((s) => s.state === 'succeeded')).toBe(true);
    expect(standIn.requests.get('StartQueryExecution')).toBe(done.statements.length);
    expect(done.statements.filter((s) => s.scope === 'tenants').map((s) => s.kind)).toContain('table');

    const a = await folder(BUCKETS.duckdb);
    const b = await folder(BUCKETS.athena);
    const summary = JSON.parse(b.get('summary.json') ?? '{}');
    const onDuckDb = new Map(
      (summary.engine.onDuckDb as Array<{ collection: string; reason: string }>).map((c) => [
        c.collection,
        c.reason,
      ]),
    );
    expect(onDuckDb.get('role-changes')).toMatch(/a tenant's .* expansion is emitted for DuckDB only/);
    expect(onDuckDb.has('login-failures')).toBe(false);
    // Every tenant's folder byte for byte as DuckDB's (and only the reported tenants have one).
    // (Each run's delivery record names its own send time and message.)
    const tenantFiles = (files: Map<string, string>) =>
      [...files.keys()].filter((n) => n.startsWith('tenants/') && !n.endsWith('/delivery.json'));
    const folders = new Set(tenantFiles(a).map((n) => n.split('/')[1] ?? ''));
    expect([...folders].sort()).toEqual(paused.tenants);
    expect(tenantFiles(b).sort()).toEqual(tenantFiles(a).sort());
    for (const name of tenantFiles(a)) expect(b.get(name), name).toBe(a.get(name));
    expect(tenantFiles(a)).toContain(`tenants/${ACME}/failed-logins-by-ip.csv`);
    expect(tenantFiles(a)).toContain(`tenants/${QUIET}/failed-logins-per-day.csv`);
    expect(a.get(`tenants/${ACME}/failed-logins-by-ip.csv`)).toContain('198.51.100.1');
    // The project's tenant lists alike too: one left unreported, the hostile IDs refused (the one
    // naming ACME after "../" counted as its own ID, never as ACME's folder).
    expect(b.get('tenants-not-reported.csv')).toBe(a.get('tenants-not-reported.csv'));
    const tenants = summary.tenants as {
      notReported: { tenants: number };
      rejected: Array<{ tenantId: string; records: number }>;
    };
    expect(tenants).toEqual(JSON.parse(a.get('summary.json') ?? '{}').tenants);
    expect(tenants.notReported.tenants).toBe(1);
    expect(tenants.rejected.map((r) => r.tenantId).sort()).toEqual([...HOSTILE].sort());
    expect(tenants.rejected.every((r) => r.records === 3)).toBe(true);
    // No tenant's files show another tenant.
    for (const name of tenantFiles(b)) {
      const own = name.split('/')[1];
      for (const other of [...folders, ...HOSTILE].filter((t) => t !== own))
        expect(b.get(name)?.includes(other), `${name} shows ${other}`).toBe(false);
    }
  }, 300_000);
});
