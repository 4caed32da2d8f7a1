import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { previousCompleteWeek } from '../../core/period/period.js';
import { exitWith } from '../../shared/exit-with.js';
import { syntheticFailedLogins } from '../descope-api/synthetic-failed-logins.js';
import { LOCAL_BUCKET } from '../local-environment.js';
import { startS3StandIn } from '../s3-stand-in.js';
import { seedStreamObjects } from '../stream/seed-stream.js';
import { BENCHMARK_NOW } from './benchmark-runner.js';
import { runMeasurementChild } from './child-process.js';
import { describeMachine, formatMachine } from './machine-info.js';
import { type StreamJobMeasurement, streamJobMeasurementSchema } from './stream-benchmark-job.js';

// Entry of `npm run bench:stream` (see BENCHMARKS.md, "The audit stream as the source").

const USAGE = `Usage: npm run bench:stream -- [--sizes 10000,100000,1000000] [--duplicate-every 100] [--heap-mb 160]

For each size, puts a synthetic ISO week of N LoginFailed events into the S3 stand-in as this stack's
Firehose lands them (gzipped NDJSON EventBridge envelopes under stream/events/dt=YYYY-MM-DD/, one
object per 300 s of events, every nth event delivered twice), then runs the weekly job with the
stream as its source in a process of its own and measures it.`;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'duplicate-every': { type: 'string', default: '100' },
    'heap-mb': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
const print = (line: string) => process.stdout.write(`${line}\n`);
/** Descope's audit search: 1,000 records a page, 10 searches a minute. */
const SEARCH_PAGE = 1_000;
const SEARCH_RPM = 10;
/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

async function main(): Promise<number> {
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const sizes = (values.sizes ?? '').split(',').map((s) => Number(s.trim().replaceAll('_', '')));
  const duplicateEvery = Number(values['duplicate-every']);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || !Number.isInteger(duplicateEvery))
    throw new Error('--sizes is a comma-separated list of event counts; --duplicate-every a whole number');
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  print(`Machine: ${formatMachine(describeMachine())}`);
  const rows: string[] = [];
  let exitCode = 0;
  for (const events of sizes) {
    const workDir = await mkdtemp(join(tmpdir(), 'descope-stream-bench-'));
    const s3 = await startS3StandIn(join(workDir, 's3'), LOCAL_BUCKET);
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials,
    });
    try {
      const projectId = `P2streambench${events}`;
      // Made as they are put: the benchmark process (the S3 stand-in's) never holds the week.
      const records = syntheticFailedLogins({
        count: events,
        window: previousCompleteWeek(BENCHMARK_NOW),
        seed: 1,
        projectId,
      });
      const seeded = await seedStreamObjects(client, LOCAL_BUCKET, records, {
        layout: 'firehose',
        projectId,
        batchMs: 300_000,
        batchRecords: 200_000,
        duplicateEvery,
      });
      print(`${events} events: ${seeded.objects} objects, ${(seeded.bytes / 2 ** 20).toFixed(1)} MB gzipped`);
      const loadBefore = load();
      const job: StreamJobMeasurement = await runMeasurementChild(
        'stream',
        { endpoint: s3.endpoint, bucket: LOCAL_BUCKET, projectId, now: BENCHMARK_NOW },
        streamJobMeasurementSchema,
        {
          env: { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
          nodeFlags: values['heap-mb'] ? [`--max-old-space-size=${values['heap-mb']}`] : [],
        },
      );
      print(
        `${events} events: job ${(job.wallMs / 1000).toFixed(1)} s, CPU ${(job.cpuMs / 1000).toFixed(1)} s, ` +
          `peak RSS ${job.peakRssMb.toFixed(0)} MB; load average ${loadBefore} before, ${load()} after`,
      );
      if (job.kept !== events || !job.complete) {
        exitCode = 1;
        print(`MISMATCH ${events} events: kept ${job.kept}, complete ${job.complete}`);
      }
      const floor = Math.ceil(events / SEARCH_PAGE);
      rows.push(
        [
          events.toLocaleString('en-US'),
          seeded.objects,
          (seeded.bytes / 2 ** 20).toFixed(1),
          job.duplicates.toLocaleString('en-US'),
          `${job.listRequests} + ${job.getRequests}`,
          (job.bytesRead / 2 ** 20).toFixed(1),
          (job.wallMs / 1000).toFixed(1),
          (job.cpuMs / 1000).toFixed(1),
          Math.round(events / (job.wallMs / 1000)).toLocaleString('en-US'),
          job.peakRssMb.toFixed(0),
          job.peakHeapMb.toFixed(0),
          `${floor.toLocaleString('en-US')} / ${(floor / SEARCH_RPM).toFixed(0)} min`,
        ].join(' | '),
      );
    } finally {
      client.destroy();
      await s3.close();
      await rm(workDir, { recursive: true, force: true });
    }
  }
  print('');
  print(
    '| events | objects | MB gz | duplicates dropped | S3 list + get | MB read | wall s | CPU s | events/s | peak RSS MB | peak heap MB | search floor (requests / at 10 a minute) |',
  );
  print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) print(`| ${row} |`);
  return exitCode;
}

exitWith(main());
