import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { createS3ReportStore } from '../../adapters/s3-report-store.js';
import { createS3StreamBucket } from '../../adapters/s3-stream-bucket.js';
import { defaultReportCatalog } from '../../core/catalog/report-catalog.js';
import { previousCompleteWeek } from '../../core/period/period.js';
import { FIREHOSE_EVENTS_PATTERN } from '../../core/stream/stream-layout.js';
import { streamEvidenceSource } from '../../weekly-report/collect/stream/stream-evidence-source.js';
import { runWeeklyReport } from '../../weekly-report/run-weekly-report.js';
import { processCpuMs } from './cpu-time.js';
import { startMemoryProbe } from './memory-probe.js';

/** What the parent tells the stream job; the S3 endpoint and credentials come through the environment. */
export const streamJobSpecSchema = z.object({
  endpoint: z.string(),
  bucket: z.string(),
  projectId: z.string(),
  /** The run's clock: the report is the ISO week before it. */
  now: z.number(),
});
export type StreamJobSpec = z.output<typeof streamJobSpecSchema>;

export const streamJobMeasurementSchema = z.object({
  complete: z.boolean(),
  /** Records kept in the failed-logins collection (each once). */
  kept: z.number(),
  duplicates: z.number(),
  listRequests: z.number(),
  getRequests: z.number(),
  bytesRead: z.number(),
  wallMs: z.number(),
  cpuMs: z.number(),
  peakRssMb: z.number(),
  startRssMb: z.number(),
  peakHeapMb: z.number(),
  liveHeapMb: z.number().nullable(),
  evidenceParts: z.number(),
});
export type StreamJobMeasurement = z.output<typeof streamJobMeasurementSchema>;

/**
 * The weekly job with the audit stream as its source, as the Lambda wires it minus Descope: the
 * stream's Firehose layout in the S3 stand-in, the S3 report store, the built-in catalog (the
 * stream-only queries too). No analytics (the cross-check is skipped and the report says so), no
 * spot-check searches, no email: what is measured is reading the stream and computing the report.
 */
export async function measureStreamJob(spec: StreamJobSpec): Promise<StreamJobMeasurement> {
  const client = new S3Client({ region: 'us-east-1', endpoint: spec.endpoint, forcePathStyle: true });
  const bucket = createS3StreamBucket({ client, bucket: spec.bucket });
  const store = createS3ReportStore({
    client,
    bucket: spec.bucket,
    region: 'us-east-1',
    endpoint: spec.endpoint,
  });
  const evidence = streamEvidenceSource(
    { projectId: spec.projectId, pattern: FIREHOSE_EVENTS_PATTERN, lateDays: 1 },
    { bucket, now: spec.now },
  );
  const unused = () => Promise.reject(new Error('the stream benchmark sends no audit search'));
  let kept = 0;
  let duplicates = 0;
  const memory = startMemoryProbe();
  const cpuBefore = processCpuMs();
  const started = performance.now();
  const result = await runWeeklyReport(
    {
      projectId: spec.projectId,
      period: previousCompleteWeek(spec.now),
      now: spec.now,
      catalog: defaultReportCatalog(),
      maxResultWindow: 10_000,
      resend: false,
      sender: '',
      recipients: [],
      runId: `bench-stream-${spec.now}`,
    },
    {
      search: { search: unused },
      evidence,
      store,
      events: {
        onCollected: (id, outcome) => {
          if (id !== 'login-failures') return;
          kept = outcome.kept;
          duplicates = outcome.duplicates;
        },
      },
    },
  );
  const wallMs = performance.now() - started;
  if (result.state !== 'finished') throw new Error('the stream benchmark job did not finish');
  const peak = memory.stop();
  client.destroy();
  return {
    complete: result.complete,
    kept,
    duplicates,
    ...bucket.stats,
    wallMs,
    cpuMs: processCpuMs() - cpuBefore,
    peakRssMb: peak.peakRssMb,
    startRssMb: peak.startRssMb,
    peakHeapMb: peak.peakHeapMb,
    liveHeapMb: peak.liveHeapMb,
    evidenceParts: result.keys.filter((k) => k.includes('/evidence/')).length,
  };
}
