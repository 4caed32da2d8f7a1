import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { parseDay, startOfIsoWeek } from '../../core/period/period.js';
import { runCli } from '../../weekly-report/cli/cli.js';
import type { FinishedRun } from '../../weekly-report/run-outcome.js';
import { generateDemoWeek } from '../descope-api/demo-audit-data.js';
import { generateSyntheticFailedLogins } from '../descope-api/synthetic-failed-logins.js';
import { LOCAL_BUCKET, LOCAL_PROJECT_ID, startLocalEnvironment } from '../local-environment.js';

/*
 * What one daily review costs against the Descope stand-in: requests by path (the audit search is
 * the one Descope limits to 10 a minute), the minutes those searches take at that rate, the S3
 * objects the day stores, and the run's wall time here (the stand-in answers without waiting).
 * Bundled and run as docs/daily-review.md ("What daily mode costs") shows, e.g.
 *   node .build/run-daily-budget.mjs --day 2026-11-18 --failed 0,20000,100000
 */

const { values } = parseArgs({
  options: { day: { type: 'string', default: '2026-11-18' }, failed: { type: 'string', default: '0,20000' } },
});
const day = parseDay(values.day ?? '');
const extras = (values.failed ?? '0').split(',').map(Number);

async function measure(extraFailed: number) {
  const records = [
    ...generateDemoWeek(startOfIsoWeek(day.from), LOCAL_PROJECT_ID),
    ...generateSyntheticFailedLogins({
      count: extraFailed,
      window: day,
      seed: 7,
      projectId: LOCAL_PROJECT_ID,
    }),
  ];
  const inDay = records.filter((r) => r.occurred >= day.from && r.occurred < day.to).length;
  const now = day.to + 3_600_000;
  const local = await startLocalEnvironment({
    records,
    now: () => now,
    rateLimit: { requests: 60_000, windowMs: 60_000 },
  });
  const work = await mkdtemp(join(tmpdir(), 'daily-budget-'));
  try {
    const key = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await writeFile(join(work, 'signing.pem'), key.privateKey);
    const env = {
      ...local.env,
      DESCOPE_AUDIT_RPM: '60000',
      REPORT_SIGNING_KEY_FILE: join(work, 'signing.pem'),
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    const started = performance.now();
    const run = (await runCli(['--day', day.label], env, {
      print: () => undefined,
      error: () => undefined,
      now: () => now,
    })) as FinishedRun;
    const seconds = (performance.now() - started) / 1000;
    const byPath = new Map<string, number>();
    for (const r of local.descope.requests) byPath.set(r.path, (byPath.get(r.path) ?? 0) + 1);
    const s3 = new S3Client({
      endpoint: local.s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKET, Prefix: run.prefix }));
    const objects = listed.Contents ?? [];
    const searches = byPath.get('/v1/mgmt/audit/search') ?? 0;
    return {
      records: inDay,
      complete: run.complete,
      searches,
      searchMinutes: searches / 10,
      other: [...byPath]
        .filter(([p]) => p !== '/v1/mgmt/audit/search')
        .map(([p, n]) => `${p} ${n}`)
        .join(', '),
      objects: objects.length,
      bytes: objects.reduce((n, o) => n + (o.Size ?? 0), 0),
      seconds,
    };
  } finally {
    await local.close();
    await rm(work, { recursive: true, force: true });
  }
}

console.log(
  '| records in the day | complete | audit searches | minutes at 10/min | other Descope requests | S3 objects | bytes | wall time here |',
);
console.log('| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |');
for (const extra of extras) {
  const m = await measure(extra);
  console.log(
    `| ${m.records} | ${m.complete} | ${m.searches} | ${m.searchMinutes.toFixed(1)} | ${m.other || 'none'} | ${m.objects} | ${m.bytes} | ${m.seconds.toFixed(1)} s |`,
  );
}
