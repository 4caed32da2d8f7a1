import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ReviewLambdaEnvironment } from '../../functions/review-page/review-config.js';
import { DEFAULT_LOG_RETENTION_DAYS } from '../config/defaults.js';
import type { AttestationSigningKey } from './attestation-signing-key.js';
import { grantCampaignAccess } from './campaign-access.js';
import { RUNTIME_ENVIRONMENT } from './report-function-environment.js';

const repoPath = (path = '') => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Properties of {@link ReviewPageFunction}. */
export interface ReviewPageFunctionProps {
  readonly functionName: string;
  /** Every variable but the ones this construct sets itself (secret and key ARNs). */
  readonly environment: Omit<ReviewLambdaEnvironment, 'REVIEW_CSRF_SECRET_ARN' | 'ATTESTATION_KEY_ARN'>;
  readonly bucket: IBucket;
  /** The bucket's key (and the CSRF secret's). */
  readonly encryptionKey: IKey;
  readonly attestationKey: AttestationSigningKey;
  /** @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * The review page's function: Node.js 22 on ARM64, no DuckDB, a few seconds per request. Its role
 * may read and create under `access/campaigns/` only, sign digests with the attestation key (and
 * nothing else with any key), and read its CSRF secret, which the stack generates.
 */
export class ReviewPageFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly csrfSecret: Secret;

  constructor(scope: Construct, id: string, props: ReviewPageFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: (props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS) as RetentionDays,
      encryptionKey: props.encryptionKey,
    });
    this.csrfSecret = new Secret(this, 'CsrfSecret', {
      description: 'Keys the CSRF tokens of the access review page (generated; rotate by replacing it)',
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.functionName}`,
    });
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description:
        'Access review page: sign-in with Descope, per-item decisions signed with the attestation key',
      entry: repoPath('functions/review-page/handler.ts'),
      handler: 'handler',
      projectRoot: repoPath(),
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(15),
      role: this.role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        ...props.environment,
        REVIEW_CSRF_SECRET_ARN: this.csrfSecret.secretArn,
        ATTESTATION_KEY_ARN: props.attestationKey.key.keyArn,
        ...RUNTIME_ENVIRONMENT,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        loader: { '.hbs': 'text' },
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        forceDockerBundling: false,
        tsconfig: repoPath('tsconfig.json'),
      },
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadCsrfSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.csrfSecret.secretArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DecryptCsrfSecret',
        actions: ['kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${this.function.stack.region}.amazonaws.com` },
        },
      }),
    );
    grantCampaignAccess(this.role, props.bucket, props.encryptionKey, 'ReviewPage');
    props.attestationKey.grantSignDigest(this.role);
    Validations.of(this.csrfSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A random key for CSRF tokens only, read once per container; replacing its value signs every reviewer out of their forms, nothing more.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to Node.js 22 on purpose, like the report function: the bundle targets node22 and the code is tested on it.',
    });
  }
}
