import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_RETENTION_DAYS } from '../config/defaults.js';
import { nagReference } from './nag-reference.js';
import { sealedBucketProps } from './sealed-bucket-props.js';

/** Properties of {@link StreamLandingBucket}. */
export interface StreamLandingBucketProps {
  /** Names the connector's role and the key's alias. */
  readonly namePrefix: string;
  /** The principal the Descope S3 connector runs as (it assumes the role with `externalId`). */
  readonly principalArn: string;
  /** The connector's `external_id`: the role trusts the principal only when it presents it. */
  readonly externalId: string;
  /** Where the bucket's server access logs go (the evidence bucket's access-log bucket). */
  readonly accessLogBucket: IBucket;
  /**
   * Object Lock mode of the stream objects.
   * @default 'GOVERNANCE'
   */
  readonly objectLockMode?: 'GOVERNANCE' | 'COMPLIANCE';
  /**
   * Days each stream object stays locked, and after which it expires.
   * @default 400
   */
  readonly retentionDays?: number;
}

/**
 * The S3 connector's landing bucket. The connector has no key-prefix setting, so it gets a bucket
 * of its own: KMS-encrypted with a key of its own (the connector may encrypt with it, nothing
 * more), versioned, Object Lock, TLS only, never public, objects expiring after their retention.
 * The connector's role may only put objects here; the report job only reads them.
 */
export class StreamLandingBucket extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;
  /** The role the connector assumes (`role_arn` in the connector's settings). */
  readonly connectorRole: Role;

  constructor(scope: Construct, id: string, props: StreamLandingBucketProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const retention = Duration.days(retentionDays);
    this.key = new Key(this, 'Key', {
      alias: `alias/${props.namePrefix}-audit-stream`,
      description: 'Descope audit stream landing bucket (S3 connector)',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      ...sealedBucketProps({
        encryptionKey: this.key,
        objectLockMode: props.objectLockMode,
        retention,
        accessLogBucket: props.accessLogBucket,
        accessLogPrefix: 'audit-stream/',
      }),
      lifecycleRules: [
        {
          id: 'expire-stream-objects',
          // Once its lock has ended the object may go: the weekly evidence keeps what was read.
          expiration: Duration.days(retentionDays + 1),
          noncurrentVersionExpiration: retention,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    this.connectorRole = new Role(this, 'ConnectorRole', {
      roleName: `${props.namePrefix}-descope-s3-connector`,
      assumedBy: new ArnPrincipal(props.principalArn),
      externalIds: [props.externalId],
      maxSessionDuration: Duration.hours(1),
      description: 'Assumed by the Descope S3 connector: it may only put audit objects in the landing bucket',
    });
    this.connectorRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'PutAuditObjects',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    Validations.of(this.connectorRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagReference(this.bucket)}/*]`,
      reason:
        'The connector names its objects itself (project and date, undocumented): it may put any key in its own bucket, nothing else.',
    });
    // SSE-KMS on PutObject: S3 asks KMS for a data key with the writer's credentials.
    this.connectorRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'EncryptAuditObjects',
        actions: ['kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }
}
