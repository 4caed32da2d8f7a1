import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReportStore } from '../../adapters/report-store.js';
import type { SizeMeasurement } from './benchmark-figures.js';
import { runMeasurementChild } from './child-process.js';
import { FAILED_LOGINS_EVIDENCE_GLOB } from './duckdb-aggregation.js';
import { duckDbMeasurementSchema, evidenceMeasurementSchema, jobMeasurementSchema } from './measurements.js';
import { startStandInProcess } from './stand-in-process.js';

/** The stand-ins shared by every size, and where a size may keep its files. */
export interface BenchmarkContext {
  /** Environment of the job process: S3 and SES endpoints, bucket, sender, recipients. */
  jobEnv: NodeJS.ProcessEnv;
  /** The same bucket, read by the benchmark to fetch the evidence. */
  store: ReportStore;
  workDir: string;
  /** The clock of the stand-in and of the job: the data is the ISO week before it. */
  now: number;
  rateLimit: number;
  maxResultWindow: number;
  /** Force a full GC in the job this often and report the heap left. @default off */
  retainedHeapEveryMs?: number;
  /** Every event with its own login ID and address (a credential-stuffing week). @default false */
  stuffing?: boolean;
  /** The job process's JS heap cap in MB. @default none */
  heapMb?: number;
  progress: (line: string) => void;
}

const MANAGEMENT_KEY = 'K2-benchmark-management-key';

/**
 * One size: a stand-in process serving `events` synthetic failed logins, the job in its own process,
 * then the stored evidence downloaded and aggregated again by our code and by DuckDB, each in a
 * fresh process. The stand-in is stopped before the aggregation runs so it does not compete for CPU.
 */
export async function measureSize(events: number, ctx: BenchmarkContext): Promise<SizeMeasurement> {
  const projectId = `P2bench${events}`; // its own report prefix, so every size sends its own email
  const standIn = await startStandInProcess({
    records: events,
    projectId,
    managementKey: MANAGEMENT_KEY,
    now: ctx.now,
    requestsPerMinute: ctx.rateLimit,
    maxResultWindow: ctx.maxResultWindow,
    seed: 1,
    distinct: ctx.stuffing ?? false,
  });
  ctx.progress(`  stand-in serving ${events} events (ready in ${Math.round(standIn.startMs)} ms)`);
  let job: SizeMeasurement['job'];
  try {
    job = await runMeasurementChild(
      'job',
      {
        baseUrl: standIn.url,
        projectId,
        managementKey: MANAGEMENT_KEY,
        now: ctx.now,
        requestsPerMinute: ctx.rateLimit,
        maxResultWindow: ctx.maxResultWindow,
        ...(ctx.retainedHeapEveryMs ? { retainedHeapEveryMs: ctx.retainedHeapEveryMs } : {}),
      },
      jobMeasurementSchema,
      {
        env: ctx.jobEnv,
        nodeFlags: [
          ...(ctx.retainedHeapEveryMs ? ['--expose-gc'] : []),
          ...(ctx.heapMb ? [`--max-old-space-size=${ctx.heapMb}`] : []),
        ],
      },
    );
  } finally {
    await standIn.stop();
  }
  ctx.progress(`  job: ${job.requests} requests in ${Math.round(job.wallMs)} ms`);

  const directory = join(ctx.workDir, `evidence-${events}`);
  let evidenceBytes = 0;
  try {
    for (const key of job.evidenceKeys) {
      const body = await ctx.store.get(key);
      if (!body) throw new Error(`evidence ${key} is missing from the bucket`);
      evidenceBytes += body.byteLength;
      const target = join(directory, key.slice(job.prefix.length));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);
    }
    ctx.progress(`  evidence: ${evidenceBytes} bytes gzipped`);
    const evidence = await runMeasurementChild(
      'evidence',
      { directory, projectId, now: ctx.now },
      evidenceMeasurementSchema,
    );
    ctx.progress(`  our aggregation from evidence: ${Math.round(evidence.totalMs)} ms`);
    const duckDb = await runMeasurementChild(
      'duckdb',
      { path: join(directory, FAILED_LOGINS_EVIDENCE_GLOB) },
      duckDbMeasurementSchema,
    );
    ctx.progress(`  DuckDB from evidence: ${Math.round(duckDb.queryMs)} ms`);
    return { events, standInStartMs: standIn.startMs, evidenceBytes, job, evidence, duckDb };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
