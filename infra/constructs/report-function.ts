import { ArnFormat, Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REPORTS_PREFIX } from '../../functions/core/report/report-prefix.js';
import {
  DEFAULT_EPHEMERAL_STORAGE_MB,
  DEFAULT_FUNCTION_MEMORY_MB,
  DEFAULT_FUNCTION_TIMEOUT_MINUTES,
} from '../config/defaults.js';
import { type BundledFiles, withBundledFiles } from './bundled-catalog.js';
import { DUCKDB_EXTERNALS, duckDbCommandHooks, pinnedDuckDbVersion } from './duckdb-bundling.js';
import {
  encryptedLogGroup,
  esmBundling,
  functionRole,
  node22Function,
  repoPath,
} from './node-function-parts.js';
import { type FunctionEnvironment, RUNTIME_ENVIRONMENT } from './report-function-environment.js';
import { grantLeastPrivilege } from './report-function-policy.js';
import { acknowledgeReportObjects } from './report-object-acknowledgements.js';

/** Properties of {@link ReportFunction}. */
export interface ReportFunctionProps {
  /** Physical name; fixed so the function can be allowed to invoke itself without a cycle. */
  readonly functionName: string;
  /** The job's configuration, complete by type (`buildFunctionEnvironment`). */
  readonly environment: FunctionEnvironment;
  /**
   * The query catalog, accepted-risks and framework files to bundle with the function (the
   * environment then names them).
   * @default - none: the built-in queries and frameworks, no exceptions
   */
  readonly bundledFiles?: BundledFiles;
  /** Evidence bucket; the job reads and writes under `reports/` only. */
  readonly bucket: IBucket;
  /** Key of the bucket and the secret; also encrypts the log group. */
  readonly encryptionKey: IKey;
  /** Holds the Descope management key; the job may read this one secret. */
  readonly secret: ISecret;
  /**
   * The Descope project this job reports, in a deployment of several: its objects stop at
   * `reports/<projectId>/` and the shared front door (`projectObjectPatterns`).
   * @default - a single project: the whole `reports/` prefix
   */
  readonly projectScope?: string;
  /** SES identity ARNs the summary may be sent through. */
  readonly sendEmailArns: readonly string[];
  /** Where asynchronous invocations go after their last failed attempt. */
  readonly failedRunQueue: IQueue;
  /**
   * Memory in MB.
   * @default 1024
   */
  readonly memoryMb?: number;
  /** Ephemeral storage (`/tmp`) in MB. @default DEFAULT_EPHEMERAL_STORAGE_MB */
  readonly ephemeralStorageMb?: number;
  /**
   * Timeout in minutes (at most 15).
   * @default 15
   */
  readonly timeoutMinutes?: number;
  /**
   * Log retention in days, a CloudWatch Logs value.
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/**
 * The weekly report job: Node.js 22 on ARM64, bundled locally by esbuild as ESM (templates inlined
 * by the text loader), one run at a time, logging JSON to its own encrypted log group.
 */
export class ReportFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ReportFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.logGroup = encryptedLogGroup(this, 'Logs', props);
    this.role = functionRole(this, props.functionName);

    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: 'Weekly Descope audit report: collect, render, store in S3, mail a summary',
      ...node22Function('functions/weekly-report/entry/handler.ts'),
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? DEFAULT_FUNCTION_MEMORY_MB,
      // /tmp holds a collection's staged evidence, DuckDB's database file and its spill files.
      ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMb ?? DEFAULT_EPHEMERAL_STORAGE_MB),
      timeout: Duration.minutes(props.timeoutMinutes ?? DEFAULT_FUNCTION_TIMEOUT_MINUTES),
      // One run at a time: Descope's audit rate limit is per project, and the continuation of a
      // long run queues (async retries) behind the current one instead of competing with it.
      reservedConcurrentExecutions: 1,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment, ...RUNTIME_ENVIRONMENT },
      bundling: esmBundling({
        loader: { '.hbs': 'text', '.yaml': 'text' },
        // DuckDB is native code: installed into the asset for linux-arm64 (see duckdb-bundling.ts).
        externalModules: DUCKDB_EXTERNALS,
        commandHooks: withBundledFiles(
          duckDbCommandHooks(pinnedDuckDbVersion(repoPath('package.json'))),
          props.bundledFiles ?? {},
        ),
      }),
    });

    // Asynchronous runs (the schedule, and the job continuing itself) retry twice, then land in the
    // failed-run queue. Six hours leaves room for a continuation throttled behind the running one.
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: { bind: () => ({ destination: props.failedRunQueue.queueArn }) },
    });

    grantLeastPrivilege(this.role, {
      logGroupArn: this.logGroup.logGroupArn,
      bucketArn: props.bucket.bucketArn,
      reportObjectsArn: props.bucket.arnForObjects(`${REPORTS_PREFIX}*`),
      reportsPrefix: REPORTS_PREFIX,
      keyArn: props.encryptionKey.keyArn,
      secretArn: props.secret.secretArn,
      sendEmailArns: props.sendEmailArns,
      sender: props.environment.REPORT_SENDER,
      failedRunQueueArn: props.failedRunQueue.queueArn,
      // Built from the name, not `function.functionArn`: the role's policy would then depend on the
      // function, which already depends on the role (a cycle).
      ownFunctionArn: stack.formatArn({
        service: 'lambda',
        resource: 'function',
        resourceName: props.functionName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      region: stack.region,
      projectScope:
        props.projectScope === undefined
          ? undefined
          : {
              projectId: props.projectScope,
              bucketObjectsArn: (pattern) => props.bucket.arnForObjects(pattern),
            },
    });

    acknowledgeReportObjects(this.role, props.bucket, props.projectScope);
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to Node.js 22 on purpose: the bundle targets node22 and the code is tested on it. Move runtime and esbuild target together.',
    });
  }
}
