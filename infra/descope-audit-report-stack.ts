import { Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { mailedAddresses } from './config/mailed-addresses.js';
import type { DeployConfig } from './config.js';
import { AthenaQueries } from './constructs/athena-queries.js';
import { AttestationSigningKey } from './constructs/attestation-signing-key.js';
import { AuditStream } from './constructs/audit-stream.js';
import { AuditorAccess } from './constructs/auditor-access.js';
import { DescopeSecret } from './constructs/descope-secret.js';
import { EvidenceBucket } from './constructs/evidence-bucket.js';
import { FailedRunQueue } from './constructs/failed-run-queue.js';
import { ManifestSigningKey } from './constructs/manifest-signing-key.js';
import { ReportAlarms } from './constructs/report-alarms.js';
import { ReportKey } from './constructs/report-key.js';
import { ReviewPageApi } from './constructs/review-page-api.js';
import { SenderIdentity } from './constructs/sender-identity.js';
import { addProjectReporters } from './project-reporters.js';
import { addProjectSchedules } from './project-schedules.js';
import { addReportOutputs } from './report-outputs.js';
import { addReviewPage } from './review-page.js';

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
  /**
   * With `projects`: the SHA-256 of each project's checked catalog text, by project name.
   * @default - none: each function checks its catalog's SQL at each invocation
   */
  readonly checkedCatalogs?: ReadonlyMap<string, string | undefined>;
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
    const several = config.projects !== undefined;
    // One project: its secret and signing key directly in the stack, named as they always were.
    const secret = several
      ? undefined
      : new DescopeSecret(this, 'DescopeSecret', {
          secretName: `${this.stackName}/descope-management-key`,
          encryptionKey: key,
        }).secret;
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
    const signing = several
      ? undefined
      : new ManifestSigningKey(this, 'ManifestSigningKey', {
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

    const reporters = addProjectReporters(this, {
      config,
      single: secret && signing ? { secret, signing, functionName } : undefined,
      evidence,
      key,
      sendEmailArns: sender.sendEmailArns,
      failedRuns,
      attestation,
      stream,
      athena,
      reviewPageUrl: reviewApi?.url,
      checkedCatalogSha256: props.checkedCatalogSha256,
      checkedCatalogs: props.checkedCatalogs,
    });
    const [single] = reporters;
    // Access review campaigns: one project only.
    if (attestation && reviewApi && single)
      addReviewPage(this, { config, reporter: single, evidence, key, attestation, reviewApi });

    for (const { scope, project, own, reportFunction } of reporters)
      addProjectSchedules(scope, {
        config,
        project,
        failedRuns,
        scheduleNamePrefix: own.scheduleNamePrefix,
        reportFunction,
      });
    const alarms = new ReportAlarms(this, 'Alarms', {
      namePrefix: this.stackName,
      reportFunction: several ? undefined : single?.reportFunction.function,
      projectFunctions: several
        ? reporters.map((r) => ({ name: r.project.name ?? '', reportFunction: r.reportFunction.function }))
        : undefined,
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
      projects: reporters.map((r) => ({
        name: r.project.name,
        functionName: r.own.functionName,
        secretArn: r.own.secret.secretArn,
        signingKeyArn: r.own.signing.key.keyArn,
      })),
      auditorPolicyArn: auditors.policy.managedPolicyArn,
      auditorRoleArn: auditors.role?.roleArn,
      alarmTopicArn: alarms.topic.topicArn,
      attestationKeyArn: attestation?.key.keyArn,
      reviewerRoleArn: attestation?.reviewerRole?.roleArn,
      reviewPageUrl: reviewApi?.url,
      dkimRecords: config.senderDomain ? sender.identity.dkimRecords : undefined,
    });
  }
}
