import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { binderJobsFolder } from '../functions/binder-printer/print-job.js';
import { keyFingerprint, pemToSpki } from '../functions/core/integrity/signing-key.js';
import type { DeployedProject } from './config/deployed-projects.js';
import { projectFunctionName } from './config/project-settings.js';
import type { DeployConfig } from './config.js';
import {
  ATHENA_RESULTS_PREFIX,
  type AthenaQueries,
  STREAM_EVENTS_TABLE,
} from './constructs/athena-queries.js';
import type { AttestationSigningKey } from './constructs/attestation-signing-key.js';
import type { AuditStream } from './constructs/audit-stream.js';
import { BinderPrinterFunction } from './constructs/binder-printer-function.js';
import {
  BUNDLED_CATALOG_PATH,
  BUNDLED_EXCEPTIONS_PATH,
  BUNDLED_FRAMEWORKS_PATH,
} from './constructs/bundled-catalog.js';
import { grantChannels } from './constructs/channel-grants.js';
import { DescopeSecret } from './constructs/descope-secret.js';
import type { EvidenceBucket } from './constructs/evidence-bucket.js';
import type { FailedRunQueue } from './constructs/failed-run-queue.js';
import { ManifestSigningKey } from './constructs/manifest-signing-key.js';
import { ReportFunction } from './constructs/report-function.js';
import { buildFunctionEnvironment } from './constructs/report-function-environment.js';
import { ReportSchedule } from './constructs/report-schedule.js';

const pemFingerprint = (pem: string) => keyFingerprint(pemToSpki(pem));

/** What one project's reporter is built from: its settings and the deployment's shared parts. */
export interface ProjectReporterProps {
  readonly config: DeployConfig;
  readonly project: DeployedProject;
  /** Physical name of the project's function. */
  readonly functionName: string;
  /** Prefix of its schedules' names. */
  readonly scheduleNamePrefix: string;
  readonly secret: ISecret;
  readonly signing: ManifestSigningKey;
  readonly evidence: EvidenceBucket;
  readonly key: IKey;
  readonly sendEmailArns: readonly string[];
  readonly failedRuns: FailedRunQueue;
  readonly attestation?: AttestationSigningKey;
  readonly stream?: AuditStream;
  /** Athena over the landed stream, when the engine may be Athena (one project only). */
  readonly athena?: { readonly engine: 'athena' | 'auto'; readonly queries: AthenaQueries };
  readonly reviewPageUrl?: string;
  /** SHA-256 of the project's catalog text that DuckDB checked at synth. */
  readonly checkedCatalogSha256?: string;
  /** Set in a deployment of several projects: the function's objects stop at the project's folder. */
  readonly deployment?: {
    readonly projectIds: readonly string[];
    readonly summaryRecipients?: readonly string[];
  };
}

/**
 * One Descope project's report function, its grants and its weekly (and monthly, quarterly)
 * schedules, in `scope`: the stack itself for a single project (so its resources keep their
 * names), a construct of its own for each of several.
 */
export function addProjectReporter(scope: Construct, props: ProjectReporterProps): ReportFunction {
  const { config, project, evidence, key, stream, deployment } = props;
  // The scheduled rollups print their binder on an x86-64 function of their own (Chromium).
  const binderPrinter =
    project.monthlyReportRecipients || project.quarterlyReportRecipients
      ? new BinderPrinterFunction(scope, 'BinderPrinter', {
          functionName: binderPrinterName(props.functionName),
          projectId: project.projectId,
          bucket: evidence.bucket,
          encryptionKey: key,
          logRetentionDays: config.logRetentionDays,
        })
      : undefined;
  const reportFunction = new ReportFunction(scope, 'ReportFunction', {
    functionName: props.functionName,
    environment: buildFunctionEnvironment({
      projectId: project.projectId,
      descopeBaseUrl: project.descopeBaseUrl,
      secretArn: props.secret.secretArn,
      auditRpm: config.auditRpm,
      requestTimeoutMs: config.requestTimeoutMs,
      bucketName: evidence.bucket.bucketName,
      sender: config.sender,
      recipients: project.recipients,
      monthlyRecipients: project.monthlyReportRecipients,
      quarterlyRecipients: project.quarterlyReportRecipients,
      binderPrinterFunction: binderPrinter ? binderPrinterName(props.functionName) : undefined,
      dailySchedule: project.dailyScheduleCron
        ? { cron: project.dailyScheduleCron, timeZone: config.dailyScheduleTimezone }
        : undefined,
      signingKeyArn: props.signing.key.keyArn,
      attestationKeyArn: props.attestation?.key.keyArn,
      attestationKeyFingerprints: config.attestationPublicKeys?.map(pemFingerprint),
      anchorTenantId: project.anchorTenantId,
      queryCatalogFile: project.queryCatalog ? BUNDLED_CATALOG_PATH : undefined,
      queryCatalogSha256: project.queryCatalog ? props.checkedCatalogSha256 : undefined,
      frameworksDir: project.frameworkSet.files.length > 0 ? BUNDLED_FRAMEWORKS_PATH : undefined,
      frameworks: project.frameworkSet.include,
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
      athena: props.athena && {
        engine: props.athena.engine,
        thresholdBytes: config.athenaThresholdBytes,
        cutoffBytes: config.athenaBytesScannedCutoff,
        workGroup: props.athena.queries.workGroup.name,
        database: props.athena.queries.databaseName,
        table: STREAM_EVENTS_TABLE,
      },
      accessReviewDirectoryRead: config.accessReviewDirectoryRead,
      directoryRpm: config.directoryRpm,
      campaigns: config.accessReviewCampaigns,
      reviewPageUrl: props.reviewPageUrl,
      deployment:
        deployment && project.name
          ? {
              name: project.name,
              projectIds: deployment.projectIds,
              summaryRecipients: deployment.summaryRecipients,
            }
          : undefined,
    }),
    bucket: evidence.bucket,
    encryptionKey: key,
    secret: props.secret,
    projectScope: deployment ? project.projectId : undefined,
    sendEmailArns: props.sendEmailArns,
    failedRunQueue: props.failedRuns.queue,
    bundledFiles: {
      catalog: project.queryCatalog?.path,
      exceptions: config.exceptions?.path,
      frameworks: project.frameworkSet.files,
    },
    memoryMb: config.functionMemoryMb,
    ephemeralStorageMb: config.functionEphemeralStorageMb,
    timeoutMinutes: config.functionTimeoutMinutes,
    logRetentionDays: config.logRetentionDays,
  });

  props.signing.grantSignDigest(reportFunction.role);
  if (binderPrinter) {
    binderPrinter.grantPrint(reportFunction.role, evidence.bucket);
    evidence.expireScratch(`expire-binder-jobs-${project.projectId}`, binderJobsFolder(project.projectId));
  }
  grantChannels(scope, reportFunction.role, config.channels ?? []);
  props.attestation?.grantReadPublicKey(reportFunction.role);
  stream?.grantRead(reportFunction.role);
  // The job starts and reads its statements in the workgroup; only it writes athena-results/.
  if (props.athena) {
    props.athena.queries.grantRun(reportFunction.role);
    evidence.admitAthenaResults(reportFunction.role, ATHENA_RESULTS_PREFIX);
  }
  return reportFunction;
}

/** The binder printer's name: the report function's, as short or shorter (names stop at 64). */
export const binderPrinterName = (reportFunctionName: string) =>
  `${reportFunctionName.replace(/-weekly-report$/, '')}-binder-pdf`;

/**
 * The project's weekly schedule, its daily one when configured, and its monthly and quarterly ones
 * when they have recipients.
 */
export function addProjectSchedules(
  scope: Construct,
  props: Pick<ProjectReporterProps, 'config' | 'project' | 'failedRuns' | 'scheduleNamePrefix'> & {
    reportFunction: ReportFunction;
  },
): ReportSchedule[] {
  const { config, project } = props;
  const common = {
    target: props.reportFunction.function,
    deadLetterQueue: props.failedRuns.queue,
    timeZone: config.scheduleTimezone,
  };
  const schedules = [
    new ReportSchedule(scope, 'Schedule', {
      ...common,
      cron: project.scheduleCron,
      scheduleName: `${props.scheduleNamePrefix}-weekly`,
    }),
  ];
  // The daily review (PCI DSS 10.4.1): only when its cron is configured.
  if (project.dailyScheduleCron)
    schedules.push(
      new ReportSchedule(scope, 'DailySchedule', {
        ...common,
        cron: project.dailyScheduleCron,
        timeZone: config.dailyScheduleTimezone,
        scheduleName: `${props.scheduleNamePrefix}-daily`,
        report: 'day',
      }),
    );
  // Monthly and quarterly rollups of the stored weeks: only when their recipients are configured.
  const rollups = [
    {
      report: 'month' as const,
      recipients: project.monthlyReportRecipients,
      cron: project.monthlyReportCron,
    },
    {
      report: 'quarter' as const,
      recipients: project.quarterlyReportRecipients,
      cron: project.quarterlyReportCron,
    },
  ];
  for (const { report, recipients, cron } of rollups) {
    if (!recipients) continue;
    schedules.push(
      new ReportSchedule(scope, report === 'month' ? 'MonthlySchedule' : 'QuarterlySchedule', {
        ...common,
        cron,
        scheduleName: `${props.scheduleNamePrefix}-${report}ly`,
        report,
      }),
    );
  }
  return schedules;
}

/** What each project of several owns: a management-key secret, a signing key, and its names. */
export function projectOwn(scope: Construct, stackName: string, name: string, key: IKey) {
  return {
    secret: new DescopeSecret(scope, 'DescopeSecret', {
      secretName: `${stackName}/${name}/descope-management-key`,
      encryptionKey: key,
    }).secret,
    signing: new ManifestSigningKey(scope, 'ManifestSigningKey', {
      aliasName: `${stackName}-${name}-manifest-signing`,
    }),
    functionName: projectFunctionName(stackName, name),
    scheduleNamePrefix: `${stackName}-${name}`,
  };
}
