import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DescopeCredentials } from '../../adapters/descope-credentials.js';
import { createDescopeSdkAnalyticsApi } from '../../adapters/descope-sdk-analytics-api.js';
import { createDescopeSdkDirectoryApi } from '../../adapters/descope-sdk-directory-api.js';
import { createDescopeSdkSearchApi } from '../../adapters/descope-sdk-search-api.js';
import { createReliableDirectory } from '../../adapters/directory-source.js';
import { createChannelTransport } from '../../adapters/http-channel-transport.js';
import { createReliableAnalytics } from '../../adapters/reliable-analytics.js';
import {
  createReliableAuditSearch,
  type ReliabilityEvent,
  type ReliabilityOptions,
} from '../../adapters/reliable-audit-search.js';
import { createS3ReportReader } from '../../adapters/s3-report-reader.js';
import { createS3ReportStore } from '../../adapters/s3-report-store.js';
import { createSesMailer } from '../../adapters/ses-mailer.js';
import { type AwsSdkSettings, awsClientOptions } from './aws-sdk-variables.js';
import { createAthenaEngine } from './build-athena-engine.js';
import { createReportAnchor } from './build-sealing.js';
import { createStreamEvidenceSource } from './build-stream-source.js';
import type { CommonConfig } from './config.js';
import { frontDoorSettings } from './front-door-settings.js';

/**
 * The AWS clients take their endpoints from the standard variables (`AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_SESV2`, validated with the rest of the configuration), so any S3- or
 * SES-compatible endpoint works without code changes; a custom S3 endpoint gets path-style URLs.
 * Credentials and checksum modes come from the same configuration (`awsSdkVariables`), never from
 * `process.env` behind its back.
 * Checksums keep the SDK's default: the evidence bucket has Object Lock with a default retention,
 * and S3 refuses uploads to such a bucket without one. (Stores that mishandle streamed checksums
 * are told so through `AWS_REQUEST_CHECKSUM_CALCULATION`, as the local stand-ins are.)
 */
export function createAwsClients(
  config: Pick<CommonConfig, 'AWS_REGION' | 'AWS_ENDPOINT_URL_S3' | 'AWS_ENDPOINT_URL_SESV2'> &
    AwsSdkSettings,
) {
  const options = awsClientOptions(config);
  const s3 = config.AWS_ENDPOINT_URL_S3;
  return {
    s3: new S3Client({ ...options, endpoint: s3, forcePathStyle: s3 ? true : undefined }),
    // One attempt: the SDK's own retry of a timed-out SendEmail could deliver the email twice.
    ses: new SESv2Client({ ...options, endpoint: config.AWS_ENDPOINT_URL_SESV2, maxAttempts: 1 }),
  };
}

type SearchConfig = Pick<
  CommonConfig,
  | 'DESCOPE_BASE_URL'
  | 'DESCOPE_REQUEST_TIMEOUT_MS'
  | 'DESCOPE_AUDIT_RPM'
  | 'DESCOPE_MAX_ATTEMPTS'
  | 'DESCOPE_DIRECTORY_RPM'
>;

/** A limiter that runs only directory calls: it has no audit search of its own. */
const NO_SEARCH = {
  search: () => Promise.reject(new Error('the directory limiter runs directory calls only')),
};

/** The directory calls' own limiter and retry policy (`DESCOPE_DIRECTORY_RPM`), as the run and the doctor use it. */
export function createDirectoryLimiter(options: ReliabilityOptions) {
  return createReliableAuditSearch(NO_SEARCH, options);
}

/** How long the invocation may still wait for the rate limit (ms); absent for the CLI. */
export type WaitBudget = () => number;

/** The run's audit search: the SDK behind one rate limiter and retry policy for every query. */
function createSearch(
  config: SearchConfig,
  credentials: DescopeCredentials,
  onSearchEvent?: (event: ReliabilityEvent) => void,
  waitBudgetMs?: WaitBudget,
) {
  const api = createDescopeSdkSearchApi({
    projectId: credentials.projectId,
    managementKey: credentials.managementKey,
    baseUrl: config.DESCOPE_BASE_URL,
    timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
  });
  return createReliableAuditSearch(api, {
    requestsPerMinute: config.DESCOPE_AUDIT_RPM,
    maxAttempts: config.DESCOPE_MAX_ATTEMPTS,
    onEvent: onSearchEvent,
    waitBudgetMs,
  });
}

/**
 * The run's audit search and analytics search, sharing one limiter and retry policy (Descope's
 * audit limit), and the directory calls (users, access keys, roles, reviewer lookups, role
 * removals) under their own limiter at `DESCOPE_DIRECTORY_RPM`: Descope limits user management
 * separately, and a 100k-user directory must not wait behind the audit search's 10 a minute.
 * `search.stop()` stops both.
 */
export function createDescopeSources(
  config: SearchConfig,
  credentials: DescopeCredentials,
  onSearchEvent?: (event: ReliabilityEvent) => void,
  waitBudgetMs?: WaitBudget,
) {
  const search = createSearch(config, credentials, onSearchEvent, waitBudgetMs);
  const sdkOptions = {
    projectId: credentials.projectId,
    managementKey: credentials.managementKey,
    baseUrl: config.DESCOPE_BASE_URL,
    timeoutMs: config.DESCOPE_REQUEST_TIMEOUT_MS,
  };
  const analyticsApi = createDescopeSdkAnalyticsApi(sdkOptions);
  const directoryLimiter = createDirectoryLimiter({
    requestsPerMinute: config.DESCOPE_DIRECTORY_RPM,
    maxAttempts: config.DESCOPE_MAX_ATTEMPTS,
    onEvent: onSearchEvent,
    waitBudgetMs,
  });
  // One stop for the run's end: both limiters' queues and timers.
  const stopAudit = search.stop.bind(search);
  search.stop = async () => {
    await Promise.all([stopAudit(), directoryLimiter.stop()]);
  };
  return {
    search,
    analytics: createReliableAnalytics(analyticsApi, search),
    directory: createReliableDirectory(createDescopeSdkDirectoryApi(sdkOptions), directoryLimiter),
    directoryLimiter,
    sdkOptions,
  };
}

/** The report bucket alone (rollups read stored weeks and need no Descope client). */
export function createBucketStore(config: CommonConfig, client = createAwsClients(config).s3) {
  return createS3ReportStore({
    client,
    bucket: config.REPORT_BUCKET,
    region: config.AWS_REGION,
    endpoint: config.AWS_ENDPOINT_URL_S3,
  });
}

/**
 * The run's searches, store, mailer, (when configured) Descope anchor, and the audit stream as its
 * evidence source when `REPORT_SOURCE` is `stream`.
 */
export function buildDependencies(
  config: CommonConfig,
  credentials: DescopeCredentials,
  onSearchEvent?: (event: ReliabilityEvent) => void,
  waitBudgetMs?: WaitBudget,
  now = Date.now(),
) {
  const clients = createAwsClients(config);
  const sources = createDescopeSources(config, credentials, onSearchEvent, waitBudgetMs);
  const anchor = createReportAnchor(config, credentials, sources.search);
  const evidence = createStreamEvidenceSource(config, clients.s3, sources, now);
  const mailer = createSesMailer(clients.ses);
  return {
    ...sources,
    anchor,
    evidence,
    athena: createAthenaEngine(config, clients.s3),
    store: createBucketStore(config, clients.s3),
    frontDoor: frontDoorSettings(config, createS3ReportReader(clients.s3, config.REPORT_BUCKET), mailer),
    mailer,
    // Endpoints and credentials from the given configuration, as for S3 and SES.
    channelTransport: createChannelTransport({
      eventBridge: new EventBridgeClient({
        ...awsClientOptions(config),
        endpoint: config.AWS_ENDPOINT_URL_EVENTBRIDGE,
      }),
      secrets: new SecretsManagerClient({
        ...awsClientOptions(config),
        endpoint: config.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      }),
    }),
    /** Renews the period lock during the run. */
    clock: Date.now,
  };
}
