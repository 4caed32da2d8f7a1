import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../core/records/audit-record.js';
import { createDescopeApiStandIn, type DescopeApiStandIn } from './descope-api/descope-api-stand-in.js';
import type { StandInDirectory } from './descope-api/directory-search-handler.js';
import type { RandomFaults } from './descope-api/fault-plan.js';
import type { SearchQuirks } from './descope-api/search-quirks.js';
import type { RateLimit } from './descope-api/sliding-window-rate-limiter.js';
import { type EventBridgeStandIn, startEventBridgeStandIn } from './eventbridge-stand-in.js';
import type { KeepObject } from './s3/store-snapshot.js';
import { type S3StandIn, startS3StandIn } from './s3-stand-in.js';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from './secrets-manager-stand-in.js';
import { type SesStandIn, startSesStandIn } from './ses-stand-in.js';
import { standInAwsVariables } from './stand-in-aws-variables.js';
import { startWebhookSink, type WebhookSink } from './webhook-sink.js';

export const LOCAL_PROJECT_ID = 'P2LocalDemo0000000000000000000';
export const LOCAL_MANAGEMENT_KEY = 'K2-local-stand-in-management-key';
export const LOCAL_BUCKET = 'descope-audit-reports-local';
/** The S3 connector's own landing bucket, as the stack creates it for that path. */
export const LOCAL_STREAM_BUCKET = 'descope-audit-stream-local';
/** The demo's sender; the SES stand-in knows it as a verified identity. */
export const LOCAL_SENDER = 'audit-reports@example.com';

export interface LocalEnvironmentOptions {
  records: readonly AuditRecord[];
  now?: () => number;
  rateLimit?: RateLimit;
  maxResultWindow?: number;
  /** Search behaviour departing from the documented one (see `SearchQuirks`). */
  quirks?: SearchQuirks;
  /** Random faults on the Descope stand-in's searches. */
  faults?: RandomFaults;
  recipients?: string[];
  /** Users and access keys served by the directory searches. @default none */
  directory?: StandInDirectory;
  /** Per directory endpoint, sliding window. @default the stand-in's (Descope's documented limits) */
  directoryRateLimit?: RateLimit;
  /** More buckets in the S3 stand-in (besides the report bucket and the stream's landing bucket). */
  buckets?: string[];
  /**
   * A snapshot of another S3 stand-in (`S3StandIn.snapshot`) this one starts from, with the objects
   * `keep` chooses. @default empty buckets
   */
  s3From?: { snapshot: string; keep?: KeepObject };
}

/** The secrets the demo channels name, as the Secrets Manager stand-in holds them. */
export const LOCAL_CHANNEL_SECRETS = {
  slack: 'local/slack-webhook-url',
  teams: 'local/teams-webhook-url',
  signing: 'local/webhook-signing-secret',
} as const;
/** The demo webhook's signing secret (a receiver verifies with it). */
export const LOCAL_SIGNING_SECRET = 'local-webhook-signing-secret-0123456789';

/**
 * The demo's routing channels, one of each kind, pointing at the webhook sink and the EventBridge
 * stand-in (`REPORT_CHANNELS`).
 */
export const localChannels = (sinkUrl: string) => [
  { kind: 'slack', name: 'security-slack', webhookUrlSecret: LOCAL_CHANNEL_SECRETS.slack, attempts: 2 },
  { kind: 'teams', name: 'security-teams', webhookUrlSecret: LOCAL_CHANNEL_SECRETS.teams, attempts: 2 },
  {
    kind: 'webhook',
    name: 'soar-webhook',
    url: `${sinkUrl}/hooks/soar`,
    signingSecret: LOCAL_CHANNEL_SECRETS.signing,
    attempts: 2,
  },
  { kind: 'eventbridge', name: 'findings-bus', eventBusName: 'default', attempts: 2 },
];

/** The stand-ins on loopback and the environment that points the job at them. */
export interface LocalEnvironment {
  descope: DescopeApiStandIn;
  s3: S3StandIn;
  ses: SesStandIn;
  /** Slack, Teams and webhook messages land here. */
  webhooks: WebhookSink;
  eventBridge: EventBridgeStandIn;
  /** Holds the channels' secrets. */
  secrets: SecretsManagerStandIn;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the Descope audit API stand-in, s3rver, aws-ses-v2-local, a webhook sink, an EventBridge
 * stand-in and a Secrets Manager stand-in on loopback. The job reaches them only through the
 * documented variables (`DESCOPE_BASE_URL`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SESV2`,
 * `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL_SECRETS_MANAGER`, the AWS credentials and
 * checksum modes) in the environment it is given, exactly as it would reach any compatible
 * endpoint; `process.env` is never changed.
 */
export async function startLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  const directory = await mkdtemp(join(tmpdir(), 'descope-audit-s3-'));
  const descope = await createDescopeApiStandIn({
    projectId: LOCAL_PROJECT_ID,
    managementKey: LOCAL_MANAGEMENT_KEY,
    records: options.records,
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.maxResultWindow ? { maxResultWindow: options.maxResultWindow } : {}),
    ...(options.quirks ? { quirks: options.quirks } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
    directoryRateLimit: options.directoryRateLimit,
  });
  const s3 = await startS3StandIn(
    directory,
    LOCAL_BUCKET,
    [LOCAL_STREAM_BUCKET, ...(options.buckets ?? [])],
    options.s3From,
  );
  const ses = await startSesStandIn({ [LOCAL_SENDER]: 'SUCCESS' });
  const webhooks = await startWebhookSink();
  const eventBridge = await startEventBridgeStandIn();
  const secrets = await startSecretsManagerStandIn({
    [LOCAL_CHANNEL_SECRETS.slack]: `${webhooks.url}/slack/T000/B000/local`,
    [LOCAL_CHANNEL_SECRETS.teams]: `${webhooks.url}/teams/workflows/local`,
    [LOCAL_CHANNEL_SECRETS.signing]: LOCAL_SIGNING_SECRET,
  });
  const env: Record<string, string> = {
    DESCOPE_PROJECT_ID: LOCAL_PROJECT_ID,
    DESCOPE_MANAGEMENT_KEY: LOCAL_MANAGEMENT_KEY,
    DESCOPE_BASE_URL: descope.url,
    REPORT_BUCKET: LOCAL_BUCKET,
    REPORT_SENDER: LOCAL_SENDER,
    REPORT_RECIPIENTS: (options.recipients ?? ['security-lead@example.com', 'auditor@example.com']).join(','),
    ...standInAwsVariables({ s3: s3.endpoint, ses: ses.endpoint }),
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    // The demo runs on the machine's Node 20; the Lambda runs Node 22.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return {
    descope,
    s3,
    ses,
    webhooks,
    eventBridge,
    secrets,
    env,
    async close() {
      await Promise.allSettled([
        descope.close(),
        s3.close(),
        ses.close(),
        webhooks.close(),
        eventBridge.close(),
        secrets.close(),
      ]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
