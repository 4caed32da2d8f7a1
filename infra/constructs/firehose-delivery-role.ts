import { Aws, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { LogGroup, LogStream } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { STREAM_LANDING_PREFIX } from '../../functions/core/stream/stream-layout.js';
import { nagReference } from './nag-reference.js';

/** What Firehose's role may reach: the bucket's `stream/` prefix, its key, its error log. */
export interface FirehoseDeliveryTargets {
  bucket: IBucket;
  encryptionKey: IKey;
  errorLog: LogGroup;
  errorStream: LogStream;
}

/**
 * Firehose's role (`DeliveryRole` under `scope`): the actions its S3 destination documents on
 * `stream/` only (no delete), the key through S3 for those objects, and its error log stream.
 */
export function createFirehoseDeliveryRole(
  scope: Construct,
  { bucket, encryptionKey, errorLog, errorStream }: FirehoseDeliveryTargets,
): Role {
  const role = new Role(scope, 'DeliveryRole', {
    assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
    description: 'Firehose writes the Descope audit stream under stream/ of the evidence bucket',
  });
  const streamObjects = bucket.arnForObjects(`${STREAM_LANDING_PREFIX}*`);
  // The actions Firehose's S3 destination documents, on the stream/ prefix only (no delete).
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'WriteStreamObjects',
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: [streamObjects],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'FindTheBucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [bucket.bucketArn],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'EncryptStreamObjects',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [encryptionKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': streamObjects },
      },
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'LogDeliveryErrors',
      actions: ['logs:PutLogEvents'],
      resources: [
        `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${errorLog.logGroupName}:log-stream:${errorStream.logStreamName}`,
      ],
    }),
  );
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagReference(bucket)}/stream/*]`,
    reason:
      'Firehose names each object itself (arrival time and a random suffix) under stream/: the object ARNs can only be a prefix wildcard.',
  });
  return role;
}
