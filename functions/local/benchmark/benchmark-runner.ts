import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3ReportStore } from '../../adapters/s3-report-store.js';
import { LOCAL_BUCKET } from '../local-environment.js';
import { startS3StandIn } from '../s3-stand-in.js';
import { startSesStandIn } from '../ses-stand-in.js';
import { STAND_IN_REGION, standInAwsVariables } from '../stand-in-aws-variables.js';
import { findDiscrepancies, type SizeMeasurement } from './benchmark-figures.js';
import { BENCHMARK_USAGE, parseBenchmarkOptions } from './benchmark-options.js';
import {
  formatAggregationTable,
  formatJobTable,
  formatRequestTable,
  formatRetainedHeapTable,
} from './benchmark-table.js';
import { describeMachine, formatMachine } from './machine-info.js';
import { measureSize } from './measure-size.js';

/** Fixed clock: the same synthetic weeks, byte for byte, on every run. */
export const BENCHMARK_NOW = Date.parse('2026-01-14T10:00:00Z');

const RETAINED_HEAP_EVERY_MS = 2000;

/**
 * `npm run bench`: every size in turn against one s3rver and one SES stand-in (in this process,
 * files in a temporary folder removed at the end), then the tables. Returns the exit code: 1 when
 * any size's numbers disagree or the job was incomplete.
 */
export async function runBenchmark(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const options = parseBenchmarkOptions(argv);
  if (options.help) {
    print(BENCHMARK_USAGE);
    return 0;
  }
  // The job runs on the machine's Node 20 here; the Lambda runs Node 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const machine = describeMachine();
  print(`Machine: ${formatMachine(machine)}`);
  const workDir = await mkdtemp(join(tmpdir(), 'descope-audit-bench-'));
  const s3 = await startS3StandIn(join(workDir, 's3'), LOCAL_BUCKET);
  const ses = await startSesStandIn();
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({
    region: STAND_IN_REGION,
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials,
  });
  const sizes: SizeMeasurement[] = [];
  try {
    const context = {
      jobEnv: {
        ...process.env,
        ...standInAwsVariables({ s3: s3.endpoint, ses: ses.endpoint }),
        REPORT_BUCKET: LOCAL_BUCKET,
        REPORT_SENDER: 'audit-reports@example.com',
        REPORT_RECIPIENTS: 'security-lead@example.com',
      },
      store: createS3ReportStore({
        client,
        bucket: LOCAL_BUCKET,
        region: STAND_IN_REGION,
        endpoint: s3.endpoint,
      }),
      workDir,
      now: BENCHMARK_NOW,
      rateLimit: options.rateLimit,
      maxResultWindow: options.maxResultWindow,
      ...(options.retainedHeap ? { retainedHeapEveryMs: RETAINED_HEAP_EVERY_MS } : {}),
      stuffing: options.stuffing,
      ...(options.heapMb ? { heapMb: options.heapMb } : {}),
      progress: print,
    };
    for (const events of options.sizes) {
      print(`${events} events`);
      sizes.push(await measureSize(events, context));
    }
  } finally {
    client.destroy();
    await Promise.allSettled([s3.close(), ses.close()]);
    await rm(workDir, { recursive: true, force: true });
  }

  print('');
  print(
    `Stand-in limit raised to ${options.rateLimit} requests/min; result window ${options.maxResultWindow}.`,
  );
  if (options.stuffing) print('Credential-stuffing weeks: every event has its own login ID and address.');
  if (options.heapMb) print(`The job's JS heap is capped at ${options.heapMb} MB.`);
  print('');
  print('Requests: the weekly job against the stand-in, and the same requests at Descope’s limit');
  print(formatRequestTable(sizes));
  print('');
  print('The job run (SDK adapter, limiter, S3, SES) at the raised limit; live heap = after a full GC');
  print(formatJobTable(sizes));
  if (options.retainedHeap) {
    print('');
    print(`Heap left after a forced full GC every ${RETAINED_HEAP_EVERY_MS / 1000} s of the job`);
    print(formatRetainedHeapTable(sizes));
  }
  print('');
  print('Aggregation + rendering from the gzipped NDJSON evidence: our code vs DuckDB');
  print(formatAggregationTable(sizes));
  const problems = sizes.flatMap((m) => findDiscrepancies(m).map((p) => `${m.events} events: ${p}`));
  for (const problem of problems) print(`MISMATCH ${problem}`);
  if (options.json)
    await writeFile(options.json, `${JSON.stringify({ machine, options, sizes }, null, 2)}\n`);
  return problems.length === 0 ? 0 : 1;
}
