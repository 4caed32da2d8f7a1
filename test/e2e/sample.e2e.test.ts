import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoAuditData } from '../../functions/local/descope-api/demo-audit-data.js';
import {
  LOCAL_PROJECT_ID,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../functions/local/local-environment.js';
import { ensureLocalSigningKey, type LocalSigningKey } from '../../functions/local/local-signing-key.js';
import { runSample } from '../../functions/sample/sample-cli.js';
import { runCli } from '../../functions/weekly-report/cli/cli.js';
import { disableAllBut } from '../support/lean-catalog.js';
import { standInS3Client } from '../support/stand-in-s3-client.js';

const now = Date.parse('2026-11-25T10:00:00Z');
let local: LocalEnvironment;
let s3: S3Client;
let key: LocalSigningKey;
let work: string;
const io = { print: () => {}, now: () => now };

/** Copies the project's folder out of the bucket, as `aws s3 cp --recursive` would. */
async function download(target: string): Promise<string> {
  const bucket = local.env.REPORT_BUCKET ?? '';
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `reports/${LOCAL_PROJECT_ID}/` }),
  );
  for (const { Key } of listed.Contents ?? []) {
    if (!Key) continue;
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))
    ).Body?.transformToByteArray();
    await mkdir(dirname(join(target, Key)), { recursive: true });
    await writeFile(join(target, Key), body ?? new Uint8Array());
  }
  return join(target, 'reports', LOCAL_PROJECT_ID);
}

const sample = (out: string, target: string, control = 'CC6.6') =>
  runSample(
    [
      '--period',
      '2026-11',
      '--control',
      control,
      '--size',
      '25',
      '--public-key',
      key.publicKeyFile,
      '--out',
      out,
      target,
    ],
    local.env,
    io,
  );

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sample-e2e-'));
  key = await ensureLocalSigningKey(join(work, 'key'));
  local = await startLocalEnvironment({
    records: generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID }),
    now: () => now,
    rateLimit: { requests: 600, windowMs: 60_000 },
  });
  s3 = standInS3Client(local.env.AWS_ENDPOINT_URL_S3 ?? '');
  const env = {
    ...local.env,
    DESCOPE_AUDIT_RPM: '600',
    REPORT_SIGNING_KEY_FILE: key.privateKeyFile,
    // The sample draws on CC6.6's tables (SOC 2 in frameworks/soc2.yaml): the others are left out.
    REPORT_QUERIES: JSON.stringify({
      disable: disableAllBut(
        'failed-logins-per-day',
        'failed-logins-by-geo',
        'failed-logins-by-method',
        'failed-logins-by-device',
        'failed-logins-by-ip',
        'failed-logins-by-login-id',
        'lockouts',
      ),
    }),
    // Nor does it read the access review or the OCSF export.
    ACCESS_REVIEW_ENABLED: 'false',
    OCSF_EXPORT_ENABLED: 'false',
  };
  for (const week of ['2026-W46', '2026-W47']) {
    await runCli(['--week', week], env, { ...io, error: () => {} });
  }
});

afterAll(async () => {
  await local?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a reproducible sample', () => {
  it('is drawn from the verified weeks in the bucket and re-derived, byte for byte, from a downloaded folder', async () => {
    const fromBucket = await sample(
      join(work, 'a'),
      `s3://${local.env.REPORT_BUCKET}/reports/${LOCAL_PROJECT_ID}/`,
    );
    const folder = await download(join(work, 'download'));
    const fromFolder = await sample(join(work, 'b'), folder);
    if (!fromBucket || !fromFolder) throw new Error('no sample');
    expect(fromFolder.seed).toBe(fromBucket.seed);
    expect(fromBucket.csv).toMatch(new RegExp(`samples/CC6\\.6-${fromBucket.seed.slice(0, 16)}\\.csv$`));
    expect(await readFile(fromFolder.csv)).toEqual(await readFile(fromBucket.csv));

    const record = JSON.parse(await readFile(fromBucket.record, 'utf8'));
    expect(record).toMatchObject({
      framework: 'soc2',
      control: 'CC6.6',
      size: 25,
      drawn: 25,
      seed: fromBucket.seed,
    });
    expect(record.weeks.map((w: { week: string }) => w.week)).toEqual(['2026-W46', '2026-W47']);
    expect(record.missingWeeks).toEqual(['2026-W44', '2026-W45', '2026-W48', '2026-W49']);
    // The population is every failed login and lockout the two weeks stored, each once.
    let expected = 0;
    for (const week of ['2026-W46', '2026-W47']) {
      const summary = JSON.parse(await readFile(join(folder, week, 'summary.json'), 'utf8'));
      const records = (id: string) => summary.queries.find((q: { id: string }) => q.id === id).records;
      expected += records('failed-logins-by-geo') + records('lockouts');
    }
    expect(record.population).toBe(expected);

    // Every sampled record is at the evidence file and line the sample names.
    const rows = parse(await readFile(fromBucket.csv), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => r.rank)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
    expect([...rows.map((r) => r.sort_key)].sort()).toEqual(rows.map((r) => r.sort_key));
    for (const row of rows) {
      const part = gunzipSync(await readFile(join(folder, row.evidence_file ?? '')));
      const line = JSON.parse(part.toString('utf8').split('\n')[Number(row.evidence_line) - 1] ?? '{}');
      expect(line.id).toBe(row.record_id);
      expect(['LoginFailed', 'LoginExceedMaxAttempts']).toContain(line.action);
    }
  });

  it('refuses evidence that does not verify, and a control that has no events', async () => {
    const folder = await download(join(work, 'tampered'));
    const part = join(folder, '2026-W46', 'evidence', 'login-failures', 'part-0001.ndjson.gz');
    await writeFile(part, Buffer.concat([await readFile(part), Buffer.from([0])]));
    await expect(sample(join(work, 'c'), folder)).rejects.toThrow(
      /2026-W46 does not verify, so no sample is drawn from it: evidence\/login-failures\/part-0001\.ndjson\.gz: size/,
    );
    await expect(sample(join(work, 'd'), folder, 'CC7.3')).rejects.toThrow(/rests on no catalog query/);
  });
});
