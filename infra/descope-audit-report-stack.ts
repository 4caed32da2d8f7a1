import { Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { keyFingerprint, pemToSpki } from '../functions/core/integrity/signing-key.js';
import { mailedAddresses } from './config/mailed-addresses.js';
import type { DeployConfig } from './config.js';
import { ATHENA_RESULTS_PREFIX, AthenaQueries, STREAM_EVENTS_TABLE } from './constructs/athena-queries.js';
import { AttestationSigningKey } from './constructs/attestation-signing-key.js';
import { AuditStream } from './constructs/audit-stream.js';
import { AuditorAccess } from './constructs/auditor-access.js';
import {
  BUNDLED_CATALOG_PATH,
  BUNDLED_EXCEPTIONS_PATH,
  BUNDLED_FRAMEWORKS_PATH,
} from './constructs/bundled-catalog.js';
import { grantCampaignAccess } from './constructs/campaign-access.js';
import { grantChannels } from './constructs/channel-grants.js';
import { DescopeSecret } from './constructs/descope-secret.js';
import { EvidenceBucket } from './constructs/evidence-bucket.js';
import { FailedRunQueue } from './constructs/failed-run-queue.js';
import { ManifestSigningKey } from './constructs/manifest-signing-key.js';
import { ReportAlarms } from './constructs/report-alarms.js';
import { ReportFunction } from './constructs/report-function.js';
import { buildFunctionEnvironment } from './constructs/report-function-environment.js';
import { ReportKey } from './constructs/report-key.js';
import { ReportSchedule } from './constructs/report-schedule.js';
import { ReviewPageApi } from './constructs/review-page-api.js';
import { ReviewPageFunction } from './constructs/review-page-function.js';
import { SenderIdentity } from './constructs/sender-identity.js';
import { addReportOutputs } from './report-outputs.js';

const pemFingerprint = (pem: string) => keyFingerprint(pemToSpki(pem));

/** Properties of {@link DescopeAuditReportStack}. */
export interface DescopeAuditReportStackProps extends StackProps {
  /** Validated deploy settings (`loadDeployConfig`). */
  readonly config: DeployConfig;
  /**
   * SHA-256 of the catalog text whose SQL DuckDB checked at synth (`checkQueryCatalogSql`): the
   * function then skips the same check at each invocation.
   * @default - none: the function checks the catalog's SQL at each invocation
   */
  readonly checkedCatalogSha256?: string;
}

/**
 * The scheduled compliance reporter: Scheduler → Lambda → Descope audit API → S3 evidence (Object
 * Lock) + SES summary, with alarms and read-only auditor access. Environment-agnostic: one
 * template deploys to whichever account and region the credentials point at.
 */
export class DescopeAuditReportStack extends Stack {
  constructor(scope: Construct, id: string, props: DescopeAuditReportStackProps) {
    super(scope, id, props);
    const { config } = props;
    const functionName = `${this.stackName}-weekly-report`;

    const { key } = new ReportKey(this, 'ReportKey', { aliasName: this.stackName });
    const evidence = new EvidenceBucket(this, 'Evidence', {
      encryptionKey: key,
      objectLockMode: config.objectLockMode,
      retentionDays: config.retentionDays,
      archiveAfterDays: config.archiveAfterDays,
      accessLogRetentionDays: config.logRetentionDays,
    });
    const { secret } = new DescopeSecret(this, 'DescopeSecret', {
      secretName: `${this.stackName}/descope-management-key`,
      encryptionKey: key,
    });
    const sender = new SenderIdentity(this, 'SenderIdentity', {
      sender: config.sender,
      senderDomain: config.senderDomain,
      recipients: mailedAddresses(config),
      sandbox: config.sesSandbox,
    });
    const failedRuns = new FailedRunQueue(this, 'FailedRuns');
    // Descope's audit stream, when it is the source: where it lands, before the function that reads it.
    const stream =
      config.source === 'stream' && config.streamPrincipalArn
        ? new AuditStream(this, 'AuditStream', {
            namePrefix: this.stackName,
            path: config.streamPath,
            principalArn: config.streamPrincipalArn,
            externalId: config.streamExternalId,
            eventSource: config.streamEventSource,
            evidenceBucket: evidence.bucket,
            accessLogBucket: evidence.accessLogBucket,
            encryptionKey: key,
            objectLockMode: config.objectLockMode,
            retentionDays: config.retentionDays,
            logRetentionDays: config.logRetentionDays as RetentionDays,
          })
        : undefined;
    // Firehose cannot write conditionally: its role alone may write stream/ of the write-once bucket.
    if (stream?.delivery) evidence.admitStreamDelivery(stream.delivery.deliveryRole);
    // Athena over the landed stream, when it may compute (docs/athena.md). The S3 connector's key
    // layout is discovered at run time, so only the EventBridge path's fixed layout is tabled.
    const athena =
      stream && config.engine !== 'duckdb' && config.streamPath === 'eventbridge'
        ? {
            engine: config.engine,
            queries: new AthenaQueries(this, 'AthenaQueries', {
              namePrefix: this.stackName,
              bucket: evidence.bucket,
              encryptionKey: key,
              bytesScannedCutoff: config.athenaBytesScannedCutoff,
            }),
          }
        : undefined;
    const signing = new ManifestSigningKey(this, 'ManifestSigningKey', {
      aliasName: `${this.stackName}-manifest-signing`,
    });
    const campaigns = config.accessReviewCampaigns;
    // One attestation key for reviewers' sign-offs and the review page's decisions.
    const attestation =
      config.reviewerPrincipalArns?.length || campaigns
        ? new AttestationSigningKey(this, 'AttestationSigningKey', {
            aliasName: `${this.stackName}-attestation-signing`,
            bucket: evidence.bucket,
            encryptionKey: key,
            reviewerPrincipalArns: config.reviewerPrincipalArns,
          })
        : undefined;
    const reviewApi = campaigns
      ? new ReviewPageApi(this, 'ReviewPageApi', {
          apiName: `${this.stackName}-review`,
          encryptionKey: key,
          throttleRps: config.reviewPageThrottleRps,
          rateLimitPer5Minutes: config.reviewPageRateLimit,
          logRetentionDays: config.logRetentionDays,
        })
      : undefined;

    const reportFunction = new ReportFunction(this, 'ReportFunction', {
      functionName,
      environment: buildFunctionEnvironment({
        projectId: config.projectId,
        descopeBaseUrl: config.descopeBaseUrl,
        secretArn: secret.secretArn,
        auditRpm: config.auditRpm,
        requestTimeoutMs: config.requestTimeoutMs,
        bucketName: evidence.bucket.bucketName,
        sender: config.sender,
        recipients: config.recipients,
        monthlyRecipients: config.monthlyReportRecipients,
        quarterlyRecipients: config.quarterlyReportRecipients,
        dailySchedule: config.dailyScheduleCron
          ? { cron: config.dailyScheduleCron, timeZone: config.dailyScheduleTimezone }
          : undefined,
        signingKeyArn: signing.key.keyArn,
        attestationKeyArn: attestation?.key.keyArn,
        attestationKeyFingerprints: config.attestationPublicKeys?.map(pemFingerprint),
        anchorTenantId: config.anchorTenantId,
        queryCatalogFile: config.queryCatalog ? BUNDLED_CATALOG_PATH : undefined,
        queryCatalogSha256: config.queryCatalog ? props.checkedCatalogSha256 : undefined,
        frameworksDir: config.frameworkSet.files.length > 0 ? BUNDLED_FRAMEWORKS_PATH : undefined,
        frameworks: config.frameworkSet.include,
        objectLock: { mode: config.objectLockMode, retentionDays: config.retentionDays },
        exceptionsFile: config.exceptions ? BUNDLED_EXCEPTIONS_PATH : undefined,
        channels: config.channels,
        accessReviewEnabled: config.accessReviewEnabled,
        accessReviewDormantDays: config.accessReviewDormantDays,
        accessReviewKeyExpiryHorizonDays: config.accessReviewKeyExpiryHorizonDays,
        stream: stream
          ? {
              bucketName: stream.streamBucketName,
              keyPattern: config.streamKeyPattern,
              lateDays: config.streamLateDays,
              maskPii: config.streamMaskPii,
            }
          : undefined,
        athena: athena && {
          engine: athena.engine,
          thresholdBytes: config.athenaThresholdBytes,
          cutoffBytes: config.athenaBytesScannedCutoff,
          workGroup: athena.queries.workGroup.name,
          database: athena.queries.databaseName,
          table: STREAM_EVENTS_TABLE,
        },
        accessReviewDirectoryRead: config.accessReviewDirectoryRead,
        directoryRpm: config.directoryRpm,
        campaigns,
        reviewPageUrl: reviewApi?.url,
      }),
      bucket: evidence.bucket,
      encryptionKey: key,
      secret,
      sendEmailArns: sender.sendEmailArns,
      failedRunQueue: failedRuns.queue,
      bundledFiles: {
        catalog: config.queryCatalog?.path,
        exceptions: config.exceptions?.path,
        frameworks: config.frameworkSet.files,
      },
      memoryMb: config.functionMemoryMb,
      ephemeralStorageMb: config.functionEphemeralStorageMb,
      timeoutMinutes: config.functionTimeoutMinutes,
      logRetentionDays: config.logRetentionDays,
    });

    signing.grantSignDigest(reportFunction.role);
    grantChannels(this, reportFunction.role, config.channels ?? []);
    attestation?.grantReadPublicKey(reportFunction.role);
    stream?.grantRead(reportFunction.role);
    // The job starts and reads its statements in the workgroup; only it writes athena-results/.
    if (athena) {
      athena.queries.grantRun(reportFunction.role);
      evidence.admitAthenaResults(reportFunction.role, ATHENA_RESULTS_PREFIX);
    }
    if (attestation && reviewApi) {
      // The job opens, follows up and seals campaigns; the page records decisions; reviewers with
      // the reviewer role may record bulk decisions (npm run attest -- --campaign).
      grantCampaignAccess(reportFunction.role, evidence.bucket, key, 'Report');
      if (attestation.reviewerRole)
        grantCampaignAccess(attestation.reviewerRole, evidence.bucket, key, 'Reviewer');
      const page = new ReviewPageFunction(this, 'ReviewPage', {
        functionName: `${this.stackName}-review-page`,
        environment: {
          DESCOPE_PROJECT_ID: config.projectId,
          DESCOPE_BASE_URL: config.descopeBaseUrl,
          DESCOPE_REQUEST_TIMEOUT_MS: String(Math.min(config.requestTimeoutMs, 10_000)),
          REPORT_BUCKET: evidence.bucket.bucketName,
          REVIEW_PAGE_URL: reviewApi.url,
        },
        bucket: evidence.bucket,
        encryptionKey: key,
        attestationKey: attestation,
        logRetentionDays: config.logRetentionDays,
      });
      reviewApi.route(page.function);
    }

    new ReportSchedule(this, 'Schedule', {
      target: reportFunction.function,
      deadLetterQueue: failedRuns.queue,
      cron: config.scheduleCron,
      timeZone: config.scheduleTimezone,
      scheduleName: `${this.stackName}-weekly`,
    });
    // The daily review (PCI DSS 10.4.1): only when its cron is configured.
    if (config.dailyScheduleCron)
      new ReportSchedule(this, 'DailySchedule', {
        target: reportFunction.function,
        deadLetterQueue: failedRuns.queue,
        cron: config.dailyScheduleCron,
        timeZone: config.dailyScheduleTimezone,
        scheduleName: `${this.stackName}-daily`,
        report: 'day',
      });
    // Monthly and quarterly rollups of the stored weeks: only when their recipients are configured.
    const rollups = [
      {
        report: 'month' as const,
        recipients: config.monthlyReportRecipients,
        cron: config.monthlyReportCron,
      },
      {
        report: 'quarter' as const,
        recipients: config.quarterlyReportRecipients,
        cron: config.quarterlyReportCron,
      },
    ];
    for (const { report, recipients, cron } of rollups) {
      if (!recipients) continue;
      new ReportSchedule(this, report === 'month' ? 'MonthlySchedule' : 'QuarterlySchedule', {
        target: reportFunction.function,
        deadLetterQueue: failedRuns.queue,
        cron,
        timeZone: config.scheduleTimezone,
        scheduleName: `${this.stackName}-${report}ly`,
        report,
      });
    }
    const alarms = new ReportAlarms(this, 'Alarms', {
      namePrefix: this.stackName,
      reportFunction: reportFunction.function,
      failedRunQueue: failedRuns.queue,
      encryptionKey: key,
      alarmEmail: config.alarmEmail,
    });
    stream?.addAlarms(alarms.topic, config.streamNoEventHours);
    const auditors = new AuditorAccess(this, 'AuditorAccess', {
      bucket: evidence.bucket,
      encryptionKey: key,
      principalArns: config.auditorPrincipalArns,
    });

    addReportOutputs(this, {
      bucketName: evidence.bucket.bucketName,
      functionName,
      secretArn: secret.secretArn,
      auditorPolicyArn: auditors.policy.managedPolicyArn,
      auditorRoleArn: auditors.role?.roleArn,
      alarmTopicArn: alarms.topic.topicArn,
      signingKeyArn: signing.key.keyArn,
      attestationKeyArn: attestation?.key.keyArn,
      reviewerRoleArn: attestation?.reviewerRole?.roleArn,
      reviewPageUrl: reviewApi?.url,
      dkimRecords: config.senderDomain ? sender.identity.dkimRecords : undefined,
    });
  }
}
