import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ReviewLambdaEnvironment } from '../../functions/review-page/review-config.js';
import type { AttestationSigningKey } from './attestation-signing-key.js';
import { grantCampaignAccess } from './campaign-access.js';
import { encryptedLogGroup, esmBundling, functionRole, node22Function } from './node-function-parts.js';
import { RUNTIME_ENVIRONMENT } from './report-function-environment.js';

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
    const logGroup = encryptedLogGroup(this, 'Logs', props);
    this.csrfSecret = new Secret(this, 'CsrfSecret', {
      description: 'Keys the CSRF tokens of the access review page (generated; rotate by replacing it)',
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.role = functionRole(this, props.functionName);
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description:
        'Access review page: sign-in with Descope, per-item decisions signed with the attestation key',
      ...node22Function('functions/review-page/handler.ts'),
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(15),
      role: this.role,
      logGroup,
      environment: {
        ...props.environment,
        REVIEW_CSRF_SECRET_ARN: this.csrfSecret.secretArn,
        ATTESTATION_KEY_ARN: props.attestationKey.key.keyArn,
        ...RUNTIME_ENVIRONMENT,
      },
      bundling: esmBundling({ loader: { '.hbs': 'text' } }),
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
