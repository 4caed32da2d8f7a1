import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { binderJobsFolder } from '../functions/binder-printer/print-job.js';
import type { DeployedProject } from './config/deployed-projects.js';
import type { DeployConfig } from './config.js';
import { ATHENA_RESULTS_PREFIX, type AthenaQueries } from './constructs/athena-queries.js';
import type { AttestationSigningKey } from './constructs/attestation-signing-key.js';
import type { AuditStream } from './constructs/audit-stream.js';
import { BinderPrinterFunction } from './constructs/binder-printer-function.js';
import { grantChannels } from './constructs/channel-grants.js';
import type { EvidenceBucket } from './constructs/evidence-bucket.js';
import type { FailedRunQueue } from './constructs/failed-run-queue.js';
import type { ManifestSigningKey } from './constructs/manifest-signing-key.js';
import { ReportFunction } from './constructs/report-function.js';
import { projectEnvironment } from './project-environment.js';

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
    environment: projectEnvironment(props, binderPrinter ? binderPrinterName(props.functionName) : undefined),
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
