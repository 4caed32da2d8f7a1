import { fileURLToPath } from 'node:url';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULT_LOG_RETENTION_DAYS } from '../config/defaults.js';

/** A path inside the repository (a function's entry, the lock file, tsconfig). */
export const repoPath = (path = '') => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * A log group of the stack's own, encrypted with `encryptionKey`, kept `logRetentionDays`
 * (a CloudWatch Logs value; @default 365).
 */
export function encryptedLogGroup(
  scope: Construct,
  id: string,
  props: { readonly logRetentionDays?: number; readonly encryptionKey: IKey },
): LogGroup {
  return new LogGroup(scope, id, {
    retention: (props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS) as RetentionDays,
    encryptionKey: props.encryptionKey,
  });
}

/**
 * A function's own role (`Role`), for inline statements only: the AWS managed basic-execution
 * policy would allow logs:CreateLogGroup and writes to every log group in the account.
 */
export function functionRole(scope: Construct, functionName: string): Role {
  return new Role(scope, 'Role', {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs ${functionName}`,
  });
}

/**
 * What every function of the stack shares: Node.js 22 (the code is tested on it), the handler
 * `handler` of `entry` (a path in the repository), JSON logs at INFO (the runtime's at WARN).
 */
export function node22Function(entry: string) {
  return {
    entry: repoPath(entry),
    handler: 'handler',
    projectRoot: repoPath(),
    depsLockFilePath: repoPath('package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: SystemLogLevel.WARN,
  } satisfies Partial<NodejsFunctionProps>;
}

/**
 * esbuild as every function of the stack is bundled, locally: ESM for node22, minified, with
 * source maps (no sources inside), `extra` on top. The AWS SDK is bundled: the versions the tests
 * ran against ship, not whatever the runtime carries this month.
 */
export function esmBundling(extra: BundlingOptions): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: 'node22',
    mainFields: ['module', 'main'],
    // CJS dependencies call require(); ESM output has none unless we create it.
    banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    bundleAwsSDK: true,
    forceDockerBundling: false,
    tsconfig: repoPath('tsconfig.json'),
    ...extra,
  };
}
