import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_BUCKET } from '../local-environment.js';
import { startS3StandIn } from '../s3-stand-in.js';
import { startSesStandIn } from '../ses-stand-in.js';
import { standInAwsVariables } from '../stand-in-aws-variables.js';
import { BENCHMARK_NOW } from './benchmark-runner.js';
import { runMeasurementChild } from './child-process.js';
import { jobMeasurementSchema } from './measurements.js';
import { startStandInProcess } from './stand-in-process.js';

/*
 * A week whose every event names a tenant of its own (300,000 tenants by default), reported with
 * tenant reports on and `maxReports` 100: the whole job, as the CLI wires it, in its own process
 * against the stand-ins (Descope in another process, S3 and SES in this one). Peak RSS is the job
 * process's high-water mark.
 *   npm run -s build:cli && node .build/run-tenant-volume.mjs --tenants 300000
 */

const MANAGEMENT_KEY = 'K2-benchmark-management-key';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenants: { type: 'string', default: '300000' },
      'max-reports': { type: 'string', default: '100' },
      'heap-mb': { type: 'string' },
    },
  });
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const tenants = Number(values.tenants);
  const maxReports = Number(values['max-reports']);
  const workDir = await mkdtemp(join(tmpdir(), 'tenant-volume-'));
  const s3 = await startS3StandIn(join(workDir, 's3'), LOCAL_BUCKET);
  const ses = await startSesStandIn();
  const projectId = `P2tenants${tenants}`;
  try {
    const standIn = await startStandInProcess({
      records: tenants,
      projectId,
      managementKey: MANAGEMENT_KEY,
      now: BENCHMARK_NOW,
      requestsPerMinute: 100_000,
      maxResultWindow: 10_000,
      seed: 1,
      tenantPerRecord: true,
    });
    try {
      const job = await runMeasurementChild(
        'job',
        {
          baseUrl: standIn.url,
          projectId,
          managementKey: MANAGEMENT_KEY,
          now: BENCHMARK_NOW,
          requestsPerMinute: 100_000,
          maxResultWindow: 10_000,
          catalog: { tenants: { enabled: true, maxReports } },
        },
        jobMeasurementSchema,
        {
          env: {
            ...process.env,
            ...standInAwsVariables({ s3: s3.endpoint, ses: ses.endpoint }),
            REPORT_BUCKET: LOCAL_BUCKET,
            REPORT_SENDER: 'audit-reports@example.com',
            REPORT_RECIPIENTS: 'security-lead@example.com',
          },
          nodeFlags: values['heap-mb'] ? [`--max-old-space-size=${values['heap-mb']}`] : [],
        },
      );
      console.log(
        '| tenants in the week | maxReports | tenant reports | tenants not reported | files stored | job wall time | job peak RSS |',
      );
      console.log('|---|---|---|---|---|---|---|');
      console.log(
        `| ${tenants.toLocaleString('en-US')} | ${maxReports} | ${job.tenants?.reported ?? 0} | ${(job.tenants?.notReported ?? 0).toLocaleString('en-US')} | ${job.tenants?.files ?? 0} | ${(job.wallMs / 1000).toFixed(1)} s | ${Math.round(job.memory.peakRssMb)} MB |`,
      );
    } finally {
      await standIn.stop();
    }
  } finally {
    await Promise.allSettled([s3.close(), ses.close()]);
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
