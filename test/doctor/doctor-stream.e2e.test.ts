import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorCli } from '../../functions/doctor/doctor-cli.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  LOCAL_STREAM_BUCKET,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { seedStreamObjects } from '../../functions/local/stream/seed-stream.js';
import { auditRecord } from '../support/audit-record-builder.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const now = Date.now();
// Yesterday from 01:00 to 03:30 UTC, whatever the hour the test runs: one day's partition, objects of
// 100 records each (plus the last object's redelivered copies), the newest objects in yesterday's partition.
const DAY_MS = 86_400_000;
const start = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS + 3_600_000;
let local: LocalEnvironment;
const records = Array.from({ length: 300 }, (_, i) =>
  auditRecord({ projectId: LOCAL_PROJECT_ID, occurred: start + i * 30_000 }),
);

beforeAll(async () => {
  local = await startLocalEnvironment({ records, rateLimit: { requests: 600, windowMs: 60_000 } });
  const s3 = standInS3Client(local.s3.endpoint);
  const common = { projectId: LOCAL_PROJECT_ID, batchRecords: 100, batchMs: DAY_MS, duplicateEvery: 10 };
  await seedStreamObjects(s3, LOCAL_BUCKET, records, { ...common, layout: 'firehose' });
  await seedStreamObjects(s3, LOCAL_STREAM_BUCKET, records, { ...common, layout: 'connector', masked: true });
  // A key of the connector bucket that holds no date, and an unreadable object among the newest.
  await s3.send(
    new PutObjectCommand({ Bucket: LOCAL_STREAM_BUCKET, Key: 'README.txt', Body: 'not a stream' }),
  );
  const day = new Date(start).toISOString().slice(0, 10).split('-');
  await s3.send(
    new PutObjectCommand({
      Bucket: LOCAL_STREAM_BUCKET,
      Key: `${LOCAL_PROJECT_ID}/${day[0]}/${day[1]}/${day[2]}/zz-broken.json`,
      Body: gzipSync('[{"action":"LoginFailed"').subarray(0, 20),
    }),
  );
});

afterAll(async () => {
  await local?.close();
});

async function doctor(overrides: Record<string, string>) {
  const lines: string[] = [];
  const code = await runDoctorCli(
    { ...local.env, DESCOPE_AUDIT_RPM: '10', REPORT_SOURCE: 'stream', ...overrides },
    { print: (line) => lines.push(line), now: () => now },
  );
  return { code, text: lines.join('\n') };
}

describe('npm run doctor against the stream stand-in', () => {
  it('finds the Firehose layout, the newest object, the shapes and the duplicate rate', async () => {
    const { code, text } = await doctor({});
    expect(code).toBe(0);
    expect(text).toContain(
      `✔ Audit stream at s3://${LOCAL_BUCKET}/stream/events/: 4 key(s) listed; layout stream/events/dt={yyyy}-{mm}-{dd}/ (discovered)`,
    );
    expect(text).toMatch(
      /✔ Newest stream object: stream\/events\/dt=\d{4}-\d\d-\d\d\/DescopeAuditStream-1-.*, \d+ min old/,
    );
    expect(text).toMatch(
      /Sampled the 4 newest object\(s\): 330 record\(s\), 30 duplicate\(s\) \(9\.1%\), 0 not audit records/,
    );
    expect(text).toContain(
      'shape: EventBridge envelope (detail), record ID as ID, login IDs as externalIds, occurred as a digit string (330)',
    );
    expect(text).toContain('masking: login IDs are not masked');
  });

  it('tells a masked connector stream, the keys outside its layout and an object a run would quarantine', async () => {
    const { text } = await doctor({ STREAM_BUCKET: LOCAL_STREAM_BUCKET });
    expect(text).toContain('layout {projectId}/{yyyy}/{mm}/{dd}/ (discovered)');
    expect(text).toContain('1 key(s) outside it, e.g. README.txt');
    expect(text).toContain('shape: bare record, record ID as id, login IDs as loginIds, occurred as number');
    expect(text).toMatch(/masking: login IDs are masked \(mask_pii, told from the IDs seen\)/);
    expect(text).toMatch(/unreadable \(a run quarantines it\): .*zz-broken\.json/);
  });

  it('fails, naming the bucket, when nothing streams there', async () => {
    const { code, text } = await doctor({
      STREAM_BUCKET: LOCAL_STREAM_BUCKET,
      STREAM_PREFIX: 'nothing-here/',
    });
    expect(code).toBe(1);
    expect(text).toContain(`✘ Audit stream: no objects under s3://${LOCAL_STREAM_BUCKET}/nothing-here/`);
  });
});
