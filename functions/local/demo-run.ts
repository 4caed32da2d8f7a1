import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadLocalKeySigner } from '../adapters/local-key-signer.js';
import { createS3ReportStore } from '../adapters/s3-report-store.js';
import { validateReportCatalog } from '../core/catalog/report-catalog.js';
import type { AuditRecord } from '../core/records/audit-record.js';
import { runCli } from '../weekly-report/cli/cli.js';
import { parseCliArgs } from '../weekly-report/cli/cli-args.js';
import type { CliIo } from '../weekly-report/cli/cli-io.js';
import type { FinishedRun } from '../weekly-report/run-outcome.js';
import { createAwsClients } from '../weekly-report/wiring/build-dependencies.js';
import { generateDemoAuditData } from './descope-api/demo-audit-data.js';
import { generateDemoDirectory } from './descope-api/demo-directory.js';
import { createDemoPopulation } from './descope-api/demo-population.js';
import {
  LOCAL_BUCKET,
  LOCAL_PROJECT_ID,
  LOCAL_STREAM_BUCKET,
  type LocalEnvironment,
  localChannels,
  startLocalEnvironment,
} from './local-environment.js';
import { ensureLocalSigningKey, type LocalSigningKey } from './local-signing-key.js';
import { seedPreviousAccessSnapshot } from './seed-access-history.js';
import { demoStreamRecords, seedDemoStream } from './stream/demo-stream.js';

/** The demo's catalog: a custom query, privileged roles, per-tenant reports with their own recipients. */
export const DEMO_CATALOG = resolve('functions/local/demo-report-catalog.json');
/** The demo files its anchor events under this Descope tenant. */
export const DEMO_ANCHOR_TENANT = 'compliance-reports';

export interface DemoRunOptions {
  /** Arguments for the CLI (`--week`, `--resend`, …). */
  argv: string[];
  /** The caller's environment: its `REPORT_*` settings replace the demo's. */
  env: Record<string, string | undefined>;
  /** The demo's clock: the data's "now" and the stand-ins' and the run's time. */
  now: () => number;
  /** Where the demo signing key pair is created on first use and reused afterwards. */
  keyDirectory: string;
  io: CliIo;
  /** Told the signing key and the seeded snapshot before the run starts. */
  onReady?: (ready: Pick<DemoRun, 'signingKey' | 'seeded' | 'stream'>) => void;
}

/** The demo run's outcome, with its stand-ins still running: the caller closes `local`. */
export interface DemoRun {
  local: LocalEnvironment;
  /** Undefined for `--help`. */
  result: FinishedRun | undefined;
  /** Undefined when the caller named its own `REPORT_SIGNING_KEY_FILE`. */
  signingKey: LocalSigningKey | undefined;
  /** The previous week's access snapshot seeded before the run, when one was. */
  seeded: string | undefined;
  /** With `--source stream`: what the S3 stand-in holds of the audit stream. */
  stream?: string;
}

/**
 * The demo `npm start` runs, and the tests read: five weeks of demo data and the demo directory in
 * the Descope stand-in, s3rver, aws-ses-v2-local, a webhook sink and an EventBridge stand-in (one
 * demo channel of each kind), the previous week's access snapshot seeded,
 * manifests signed with the local key and anchored, the demo catalog. Then the real CLI run.
 */
export async function runDemo(options: DemoRunOptions): Promise<DemoRun> {
  const now = options.now();
  const demo = generateDemoAuditData({ now, projectId: LOCAL_PROJECT_ID });
  const population = createDemoPopulation();
  // The directory as it stands at the end of the reported period; the CLI validates the arguments again.
  const { period, source } = parseCliArgs(options.argv, now);
  const streamed = source === 'stream' ? demoStreamRecords(period, LOCAL_PROJECT_ID) : [];
  // Descope's analytics (the stream's cross-check) counts every demo event, old weeks included.
  const known = new Set(demo.map((r) => r.id));
  const records = [...demo, ...streamed.filter((r) => !known.has(r.id))].sort(
    (a, b) => a.occurred - b.occurred,
  );
  const directoryAt = (at: number) => generateDemoDirectory({ population, records, at, now });
  const local = await startLocalEnvironment({ records, now: options.now, directory: directoryAt(period.to) });
  try {
    const env = options.env;
    const signingKey = env.REPORT_SIGNING_KEY_FILE
      ? undefined
      : await ensureLocalSigningKey(options.keyDirectory);
    const keyFile = env.REPORT_SIGNING_KEY_FILE ?? signingKey?.privateKeyFile;
    const settings = {
      REPORT_SIGNING_KEY_FILE: signingKey?.privateKeyFile,
      REPORT_ANCHOR_TENANT_ID: DEMO_ANCHOR_TENANT,
      REPORT_QUERIES_FILE: env.REPORT_QUERIES ? undefined : DEMO_CATALOG,
      // One channel of each kind, captured by the webhook sink and the EventBridge stand-in.
      REPORT_CHANNELS: JSON.stringify(localChannels(local.webhooks.url)),
    };
    const { s3 } = createAwsClients({ ...local.env, AWS_REGION: 'us-east-1' });
    const store = createS3ReportStore({
      client: s3,
      bucket: LOCAL_BUCKET,
      region: 'us-east-1',
    });
    const demoCatalog = validateReportCatalog(JSON.parse(await readFile(DEMO_CATALOG, 'utf8')));
    const seeded = await seedPreviousAccessSnapshot({
      store,
      projectId: LOCAL_PROJECT_ID,
      period,
      directory: directoryAt(period.from),
      privilegedRoles: demoCatalog.ok ? demoCatalog.catalog.privilegedRoles : ['Tenant Admin'],
      // Sealed with the run's key: the run verifies the earlier week before it compares with it.
      signer: keyFile ? await loadLocalKeySigner(keyFile, 'REPORT_SIGNING_KEY_FILE') : undefined,
    });
    const stream = streamed.length > 0 ? await seedStream(s3, streamed) : undefined;
    options.onReady?.({ signingKey, seeded, stream });
    const result = await runCli(options.argv, { ...settings, ...env, ...local.env }, options.io);
    return { local, result, signingKey, seeded, stream };
  } catch (error) {
    await local.close();
    throw error;
  }
}

/** The period's demo stream in both layouts, some events twice, some objects a day late. */
async function seedStream(s3: S3Client, streamed: AuditRecord[]): Promise<string> {
  const seeded = await seedDemoStream(
    s3,
    { report: LOCAL_BUCKET, connector: LOCAL_STREAM_BUCKET },
    streamed,
    LOCAL_PROJECT_ID,
  );
  return (
    `${streamed.length} events, some twice, some a day late: ` +
    `${seeded.firehose.objects} Firehose objects under s3://${LOCAL_BUCKET}/${seeded.prefix}, ` +
    `${seeded.connector.objects} connector objects in s3://${LOCAL_STREAM_BUCKET}/ ` +
    `(read those with STREAM_BUCKET=${LOCAL_STREAM_BUCKET})`
  );
}
