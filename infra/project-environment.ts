import { keyFingerprint, pemToSpki } from '../functions/core/integrity/signing-key.js';
import { STREAM_EVENTS_TABLE } from './constructs/athena-queries.js';
import {
  BUNDLED_CATALOG_PATH,
  BUNDLED_EXCEPTIONS_PATH,
  BUNDLED_FRAMEWORKS_PATH,
} from './constructs/bundled-catalog.js';
import {
  buildFunctionEnvironment,
  type FunctionEnvironment,
} from './constructs/report-function-environment.js';
import type { ProjectReporterProps } from './project-reporter.js';

const pemFingerprint = (pem: string) => keyFingerprint(pemToSpki(pem));

/**
 * One project's report function environment, from the deployment's settings and the parts the
 * stack built for it. `binderPrinterFunction`: the printer's name when its rollups print a binder.
 */
export function projectEnvironment(
  props: ProjectReporterProps,
  binderPrinterFunction: string | undefined,
): FunctionEnvironment {
  const { config, project, evidence, stream, deployment } = props;
  return buildFunctionEnvironment({
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
    binderPrinterFunction,
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
  });
}
